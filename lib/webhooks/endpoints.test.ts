import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, webhookEndpoints } from "@/db/schema";
import { webhookEndpointDetail } from "@/lib/admin/queries/webhooks";
import { staffActor } from "@/test/admin/staff";
import { db } from "@/lib/db";
import { liveSecrets } from "./deliver";
import { createEndpoint, deleteEndpoint, enableEndpoint, rotateSecret, updateEndpoint } from "./endpoints";
import { adminActor } from "@/test/webhooks/receiver";

const row = async (id: string) => (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!;

describe("managing an endpoint", () => {
  it("rotates the secret with a day's overlap, edits, enables and deletes it, each audited; staff are refused", async () => {
    const admin = await adminActor();
    const created = await createEndpoint(db, admin, {
      url: "http://127.0.0.1:9/a",
      description: "billing sync",
      events: ["payment.failed", "payment.failed"],
    });
    const id = created.endpointId!;
    expect((await row(id)).events).toEqual(["payment.failed"]);

    const rotated = await rotateSecret(db, admin, id);
    expect(rotated).toMatchObject({ success: expect.stringContaining(rotated.secret!) });
    const after = await row(id);
    expect([after.secret, after.previousSecret]).toEqual([rotated.secret, created.secret]);
    expect(liveSecrets(after)).toEqual([rotated.secret, created.secret]);
    expect(liveSecrets(after, new Date(Date.now() + 25 * 3_600_000))).toEqual([rotated.secret]);

    expect(await updateEndpoint(db, admin, id, { url: "gopher://x", events: ["ticket.opened"] })).toEqual({
      error: "Webhook URLs must start with https:// or http://. Nothing was saved.",
    });
    expect((await row(id)).url).toBe("http://127.0.0.1:9/a");
    expect(
      await updateEndpoint(db, admin, id, {
        url: "http://127.0.0.1:9/b",
        events: ["ticket.opened", "ticket.answered"],
      }),
    ).toEqual({ success: "Endpoint saved." });
    expect(await row(id)).toMatchObject({ url: "http://127.0.0.1:9/b", events: ["ticket.opened", "ticket.answered"] });

    await db
      .update(webhookEndpoints)
      .set({ disabledAt: new Date(), disabledReason: "kept failing", failingSince: new Date() })
      .where(eq(webhookEndpoints.id, id));
    const staff = await staffActor();
    expect(await enableEndpoint(db, staff, id)).toEqual({ error: "Only admins can change webhooks." });
    expect(await rotateSecret(db, staff, id)).toEqual({ error: "Only admins can change webhooks." });
    expect(await enableEndpoint(db, admin, id)).toEqual({
      success: "Endpoint enabled: new events are sent to it again.",
    });
    expect(await row(id)).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });

    const detail = await webhookEndpointDetail(db, id);
    expect(detail!.endpoint).not.toHaveProperty("secret");
    expect(detail!.endpoint).not.toHaveProperty("previousSecret");

    expect(await deleteEndpoint(db, admin, id)).toEqual({
      success: "Deleted the endpoint http://127.0.0.1:9/b and its delivery log.",
    });
    const audited = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, admin.id), eq(auditLog.targetId, id)));
    expect(audited.map((a) => a.action).sort()).toEqual([
      "webhook.create",
      "webhook.delete",
      "webhook.enable",
      "webhook.rotate_secret",
      "webhook.update",
    ]);
  });
});
