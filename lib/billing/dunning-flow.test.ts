import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dunningNotices, emailLog, instances, subscriptions } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { waitFor } from "@/test/instances/world";
import { stripe } from "@/lib/stripe";
import { advanceDunning } from "./dunning";
import { deliver, eventsFor, failNextRenewal, payingCustomer } from "@/test/billing/helpers";

let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

const DAY = 86_400;
const templatesSent = async (userId: string) =>
  (await db.select({ t: emailLog.template }).from(emailLog).where(eq(emailLog.userId, userId))).map((r) => r.t).sort();
const deliverAll = async (customerId: string) => {
  for (const e of await eventsFor(customerId)) await deliver(JSON.stringify(e));
};

// A renewal on Stripe's test clock fails, the customer is told, dunning suspends, and paying resumes.
describe("a failed renewal, through the emulator's test clock", () => {
  it(
    "emails the customer, suspends after the grace period, and a later payment resumes it",
    { timeout: 90_000 },
    async () => {
      const { user, instance, customerId, sub: stripeSub, clockId } = await payingCustomer("renewal");
      await failNextRenewal({ customerId, sub: stripeSub, clockId });
      await deliverAll(customerId);

      const notice = await waitFor(
        "the failed payment to open a dunning cycle",
        async () =>
          (
            await db
              .select()
              .from(dunningNotices)
              .where(
                and(eq(dunningNotices.stripeSubscriptionId, stripeSub.id), eq(dunningNotices.stage, "payment_failed")),
              )
          )[0],
      );
      expect(
        (await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, stripeSub.id)))[0]!.status,
      ).toBe("past_due");
      await waitFor("the payment-failed email", async () => (await templatesSent(user.id)).includes("payment-failed"));

      await advanceDunning(db, new Date(notice.createdAt.getTime() + env.GRACE_DAYS * DAY * 1000 + 1000), [
        stripeSub.id,
      ]);
      await waitFor(
        "the suspension",
        async () => (await db.select().from(instances).where(eq(instances.id, instance.id)))[0]!.status === "suspended",
      );

      const visa = await stripe().paymentMethods.attach("pm_card_visa", { customer: customerId });
      await stripe().subscriptions.update(stripeSub.id, { default_payment_method: visa.id });
      const open = (await stripe().subscriptions.retrieve(stripeSub.id)).latest_invoice as string;
      expect((await stripe().invoices.pay(open)).status).toBe("paid");
      await deliverAll(customerId);

      await waitFor("the billing-resumed email", async () =>
        (await templatesSent(user.id)).includes("billing-resumed"),
      );
      expect(await templatesSent(user.id)).toEqual(
        expect.arrayContaining(["billing-suspended", "invoice-paid", "payment-failed"]),
      );
      const stages = async () =>
        (await db.select().from(dunningNotices).where(eq(dunningNotices.stripeSubscriptionId, stripeSub.id))).map(
          (n) => n.stage,
        );
      await waitFor("the dunning cycle to close", async () => (await stages()).join() === `resumed:${open}`);
      expect(
        (await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, stripeSub.id)))[0]!.status,
      ).toBe("active");
    },
  );
});
