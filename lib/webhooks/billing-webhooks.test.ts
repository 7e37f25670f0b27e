import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEndpoints } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { retryOpenInvoices } from "@/lib/billing/manage";
import { syncStripeCustomer } from "@/lib/billing/sync";
import { failNextRenewal, payingCustomer } from "@/test/billing/helpers";
import { db } from "@/lib/db";
import { waitFor } from "@/test/instances/world";
import { stripe } from "@/lib/stripe";
import { createEndpoint } from "./endpoints";
import { adminActor, startReceiver } from "@/test/webhooks/receiver";

let worker: EmbeddedWorker;
const endpointIds: string[] = [];

beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  if (endpointIds.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds));
  await worker?.stop().catch(() => {});
});

describe("webhooks of a paying customer", () => {
  it(
    "sends payment.succeeded, payment.failed and the grace period's start and end, once each however often the customer is synced",
    { timeout: 90_000 },
    async () => {
      const receiver = await startReceiver({ failFirst: 2 });
      const created = await createEndpoint(db, await adminActor(), {
        url: receiver.url,
        events: ["payment.succeeded", "payment.failed", "grace_period.began", "grace_period.ended"],
      });
      endpointIds.push(created.endpointId!);
      receiver.state.secret = created.secret!;

      const { user, customerId, sub, clockId } = await payingCustomer("hookpay");
      const ours = () =>
        receiver
          .accepted()
          .filter(
            (r) => r.data.userId === user.id || (r.data as { subscriptionId?: string }).subscriptionId === sub.id,
          );
      const types = () =>
        ours()
          .map((r) => r.type)
          .sort();
      await syncStripeCustomer(db, customerId);
      await syncStripeCustomer(db, customerId);
      await waitFor("payment.succeeded", async () => types().includes("payment.succeeded"));

      await failNextRenewal({ customerId, sub, clockId });
      await syncStripeCustomer(db, customerId);
      await syncStripeCustomer(db, customerId);
      await waitFor("payment.failed and grace_period.began", async () => types().length === 3);
      expect(types()).toEqual(["grace_period.began", "payment.failed", "payment.succeeded"]);
      const failed = ours().find((r) => r.type === "payment.failed")!;
      expect(failed.data).toMatchObject({
        invoice: { subscriptionId: sub.id, attemptCount: 1, amountRemaining: expect.any(Number) },
      });

      const visa = await stripe().paymentMethods.attach("pm_card_visa", { customer: customerId });
      await stripe().subscriptions.update(sub.id, { default_payment_method: visa.id });
      expect(await retryOpenInvoices(db, user.id)).toEqual({ paid: 1 });
      await syncStripeCustomer(db, customerId);
      await waitFor("the second payment and the grace period's end", async () => types().length === 5, 30_000);
      expect(types()).toEqual([
        "grace_period.began",
        "grace_period.ended",
        "payment.failed",
        "payment.succeeded",
        "payment.succeeded",
      ]);
      expect(ours().find((r) => r.type === "grace_period.ended")!.data).toMatchObject({
        subscriptionId: sub.id,
        reason: "paid",
      });
      expect(new Set(ours().map((r) => r.id)).size).toBe(5);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      await receiver.stop();
    },
  );
});
