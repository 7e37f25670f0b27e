import { eq, inArray, like } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { instances, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { customer, trialInstance } from "@/test/billing/helpers";
import { db } from "@/lib/db";
import { sweepTrials } from "@/lib/instances/trial-expiry";
import { createEndpoint } from "./endpoints";
import { adminActor } from "@/test/webhooks/receiver";

const endpointIds: string[] = [];
afterAll(async () => {
  if (endpointIds.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds));
});

// The sweep's jobs are not the point here; the outbox rows (and one delivery each) are.

describe("trial webhooks", () => {
  it("records trial.ending before the end and trial.ended at it, once each however often the sweep runs", async () => {
    const created = await createEndpoint(db, await adminActor(), {
      url: "http://127.0.0.1:9/trials",
      events: ["trial.ending", "trial.ended"],
    });
    endpointIds.push(created.endpointId!);
    const owner = await customer("trialhooks");
    const instance = await trialInstance(owner.id);
    await sweepTrials(db);
    await sweepTrials(db);
    await db
      .update(instances)
      .set({ trialEndsAt: new Date(Date.now() - 60_000) })
      .where(eq(instances.id, instance.id));
    await sweepTrials(db);
    await sweepTrials(db);
    const events = await db
      .select()
      .from(webhookEvents)
      .where(like(webhookEvents.dedupeKey, `trial.%:${instance.id}`));
    expect(events.map((e) => e.type).sort()).toEqual(["trial.ended", "trial.ending"]);
    expect(events.every((e) => (e.payload.instance as { id: string }).id === instance.id)).toBe(true);
    const deliveries = await db
      .select()
      .from(webhookDeliveries)
      .where(
        inArray(
          webhookDeliveries.eventId,
          events.map((e) => e.id),
        ),
      );
    expect(deliveries.map((d) => d.endpointId)).toEqual([created.endpointId, created.endpointId]);
  });
});
