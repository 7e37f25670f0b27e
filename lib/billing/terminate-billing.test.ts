import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { overviewStats } from "@/lib/admin/queries/overview";
import { instanceEvents, instances, plans, subscriptions } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { requestTerminate } from "@/lib/instances/customer-actions";
import { waitFor } from "@/test/instances/world";
import { stripe } from "@/lib/stripe";
import { portalUrl, setCancelAtPeriodEnd } from "./manage";
import { advanceClock } from "@/test/billing/paid-world";
import { syncStripeCustomer } from "./sync";
import { payingCustomer } from "@/test/billing/helpers";

let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

const DAY = 86_400;

describe("terminating a paid instance", () => {
  it(
    "cancels its subscription at once: nothing more is invoiced, and the portal, the billing page and MRR agree",
    { timeout: 60_000 },
    async () => {
      const { user, instance, clockId, customerId, sub } = await payingCustomer("terminate-paid");
      await syncStripeCustomer(db, customerId);
      const [plan] = await db.select().from(plans).where(eq(plans.id, instance.planId));
      const [mirrored] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, sub.id));
      expect(mirrored).toMatchObject({ status: "active", instanceId: instance.id });
      const mrrBefore = (await overviewStats(db)).mrr.find((m) => m.currency === plan!.currency)?.cents ?? 0;
      const invoicesBefore = (await stripe().invoices.list({ customer: customerId })).data.length;

      expect(await requestTerminate(db, user.id, instance.id, instance.name)).toMatchObject({
        success: expect.any(String),
      });
      await waitFor(
        "the instance to be terminated",
        async () =>
          (await db.select().from(instances).where(eq(instances.id, instance.id)))[0]?.status === "terminated",
      );

      expect(await stripe().subscriptions.retrieve(sub.id)).toMatchObject({
        status: "canceled",
        cancellation_details: expect.objectContaining({ comment: "The instance was terminated." }),
      });
      const [after] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, sub.id));
      expect(after).toMatchObject({ status: "canceled", endedAt: expect.any(Date) });
      const mrrAfter = (await overviewStats(db)).mrr.find((m) => m.currency === plan!.currency)?.cents ?? 0;
      expect(mrrBefore - mrrAfter).toBe(plan!.priceCents);
      const timeline = await db
        .select({ message: instanceEvents.message })
        .from(instanceEvents)
        .where(eq(instanceEvents.instanceId, instance.id));
      expect(timeline.map((e) => e.message)).toContain("Subscription canceled: the instance is not billed again.");

      // "Keep renewing" is refused, and the Customer Portal offers neither cancel nor renew.
      expect(await setCancelAtPeriodEnd(db, user.id, after!.id, false)).toEqual({
        error: "That subscription has already ended.",
      });
      const portal = await portalUrl(db, user.id);
      if ("error" in portal) throw new Error(portal.error);
      const html = await (await fetch(portal.url)).text();
      expect(html).not.toMatch(/Renew |Cancel /);

      // Past the period's end: no renewal invoice.
      await advanceClock(clockId, sub.items.data[0]!.current_period_end + 2 * DAY);
      expect((await stripe().invoices.list({ customer: customerId })).data).toHaveLength(invoicesBefore);
    },
  );

  it(
    "a Checkout that completes after its instance was terminated is canceled by the sync",
    { timeout: 60_000 },
    async () => {
      const { user, instance, customerId, sub } = await payingCustomer("terminate-late");
      await db
        .update(instances)
        .set({ status: "terminated", terminatedAt: new Date() })
        .where(eq(instances.id, instance.id));
      await syncStripeCustomer(db, customerId);
      expect((await stripe().subscriptions.retrieve(sub.id)).status).toBe("canceled");
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, sub.id));
      expect(row).toMatchObject({ userId: user.id, status: "canceled" });
    },
  );
});
