import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditLog, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { staffActor, customerActor } from "@/test/admin/staff";
import { waitFor } from "@/test/instances/world";
import { openTicket } from "@/lib/support/customer";
import { emailsTo, waitForEmail } from "@/scripts/test/mailbox";
import { createEndpoint, resendDelivery } from "./endpoints";
import { webhookHeaders, verifyWebhook } from "./signature";
import { adminActor, startReceiver } from "@/test/webhooks/receiver";

const mailbox = process.env.MAILDEV_URL!;
let worker: EmbeddedWorker;
const endpointIds: string[] = [];

beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  if (endpointIds.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds));
  await worker?.stop().catch(() => {});
});

async function endpointFor(url: string, events: string[]) {
  const admin = await adminActor();
  const created = await createEndpoint(db, admin, { url, events });
  if (!created.endpointId) throw new Error(JSON.stringify(created));
  endpointIds.push(created.endpointId);
  return { admin, endpointId: created.endpointId, secret: created.secret! };
}

const ticketOf = (r: { data: Record<string, unknown> }) => (r.data.ticket as { id?: string } | undefined)?.id;

async function openedTicket() {
  const customer = await customerActor("hooks");
  const opened = await openTicket(db, customer.id, { subject: "Webhook test", category: "technical", body: "Hello" });
  if (!opened.ticketId) throw new Error(JSON.stringify(opened));
  return opened.ticketId;
}

describe("signatures", () => {
  it("verify with the endpoint's secret and fail with any other; during a rotation both secrets verify", async () => {
    const { secret } = await endpointFor("http://127.0.0.1:9/unused", ["ticket.opened"]);
    const other = (await endpointFor("http://127.0.0.1:9/unused", ["ticket.opened"])).secret;
    const body = JSON.stringify({ type: "ticket.opened", timestamp: new Date().toISOString(), data: {} });
    const headers = webhookHeaders([secret], "evt-1", body);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyWebhook(secret, headers, body)).toBe(true);
    expect(verifyWebhook(other, headers, body)).toBe(false);
    expect(verifyWebhook(secret, headers, body.replace("ticket", "tickets"))).toBe(false);
    expect(verifyWebhook(secret, { ...headers, "webhook-id": "evt-2" }, body)).toBe(false);
    const stale = webhookHeaders([secret], "evt-1", body, new Date(Date.now() - 10 * 60_000));
    expect(verifyWebhook(secret, stale, body)).toBe(false);
    const rotating = webhookHeaders([other, secret], "evt-1", body);
    expect(rotating["webhook-signature"].split(" ")).toHaveLength(2);
    expect([verifyWebhook(secret, rotating, body), verifyWebhook(other, rotating, body)]).toEqual([true, true]);
  });
});

describe("resend", () => {
  it("makes one more delivery with the same webhook-id, for admins only", { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    const { admin, endpointId, secret } = await endpointFor(receiver.url, ["ticket.opened"]);
    receiver.state.secret = secret;
    const ticketId = await openedTicket();
    const ours = () => receiver.accepted().filter((r) => ticketOf(r) === ticketId);
    const [first] = await waitFor("the ticket.opened delivery", async () => (ours().length ? ours() : null));
    expect(first).toMatchObject({ type: "ticket.opened", verified: true });
    const [delivery] = await waitFor("the delivery to succeed", async () =>
      db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, endpointId),
            eq(webhookDeliveries.eventId, first!.id),
            eq(webhookDeliveries.status, "succeeded"),
          ),
        )
        .then((r) => (r.length ? r : null)),
    );

    const staff = await staffActor();
    expect(await resendDelivery(db, staff, delivery!.id)).toEqual({ error: "Only admins can change webhooks." });
    expect(await resendDelivery(db, admin, delivery!.id)).toEqual({ success: expect.stringMatching(/^Resending/) });
    await waitFor("the resent delivery", async () => ours().length === 2);
    expect(ours().map((r) => r.id)).toEqual([first!.id, first!.id]);
    expect(ours().every((r) => r.verified)).toBe(true);
    const attempts = await waitFor("two attempts logged", async () => {
      const rows = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery!.id));
      return rows.length === 2 ? rows : null;
    });
    expect(attempts.map((a) => [a.attempt, a.manual, a.ok, a.statusCode]).sort()).toEqual([
      [1, false, true, 200],
      [2, true, true, 200],
    ]);
    expect(await db.$count(auditLog, and(eq(auditLog.action, "webhook.resend"), eq(auditLog.actorId, admin.id)))).toBe(
      1,
    );
    await receiver.stop();
  });
});

describe("an endpoint that keeps failing", () => {
  it(
    "is disabled after a day of failed attempts, with one email to the operator, and gets no new events",
    { timeout: 60_000 },
    async () => {
      const receiver = await startReceiver({ alwaysFail: true });
      const { admin, endpointId, secret } = await endpointFor(receiver.url, ["ticket.opened"]);
      receiver.state.secret = secret;
      const ticketId = await openedTicket();
      await waitFor("the first failed attempt", async () => receiver.received.some((r) => ticketOf(r) === ticketId));
      const [failing] = await waitFor("failing_since", async () =>
        db
          .select()
          .from(webhookEndpoints)
          .where(eq(webhookEndpoints.id, endpointId))
          .then((r) => (r[0]?.failingSince ? r : null)),
      );
      // A day has passed with every attempt failing; the next retry (5 s after the first) is the last straw.
      await db
        .update(webhookEndpoints)
        .set({ failingSince: new Date(failing!.failingSince!.getTime() - 25 * 3_600_000) })
        .where(eq(webhookEndpoints.id, endpointId));
      const [disabled] = await waitFor(
        "the endpoint to be disabled",
        async () =>
          db
            .select()
            .from(webhookEndpoints)
            .where(eq(webhookEndpoints.id, endpointId))
            .then((r) => (r[0]?.disabledAt ? r : null)),
        30_000,
      );
      expect(disabled!.disabledReason).toMatch(
        /^Every delivery attempt has failed since .+; the last: answered 500\.$/,
      );
      const mail = await waitForEmail(mailbox, admin.email, { subject: /Webhook endpoint disabled/ });
      expect(mail.text).toContain(receiver.url);

      const seen = receiver.received.length;
      const later = await openedTicket();
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.received.filter((r) => ticketOf(r) === later)).toEqual([]);
      expect(receiver.received.length).toBe(seen);
      expect(
        (await emailsTo(mailbox, admin.email))
          .filter((m) => m.subject.startsWith("Webhook endpoint"))
          .map((m) => m.subject),
      ).toEqual([`Webhook endpoint disabled: ${receiver.url}`]);
      await receiver.stop();
    },
  );
});
