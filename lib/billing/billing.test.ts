import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instances, invoices, stripeEvents, subscriptions } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { catalogIds, waitFor } from "@/test/instances/world";
import { stripe } from "@/lib/stripe";
import { startCheckout } from "./checkout";
import { stripeCustomerOf } from "./customers";
import { portalUrl, setCancelAtPeriodEnd } from "./manage";
import { createPendingInstance, needsPayment } from "./paid-instance";
import { getOwnerInvoice, listOwnerInvoices, upcomingAmount } from "./queries";
import { previewPaidResize } from "./resize";
import { customerSyncLock, syncCheckoutSession, syncStripeCustomer } from "./sync";
import {
  completeCheckout,
  customer,
  deliver,
  eventsFor,
  payingCustomer,
  shuffled,
  trialInstance,
} from "@/test/billing/helpers";

let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

const mirrorOf = async (userId: string) => ({
  subs: (await db.select().from(subscriptions).where(eq(subscriptions.userId, userId))).map(
    ({ syncedAt: _s, id: _i, createdAt: _c, ...r }) => r,
  ),
  invoices: (await db.select().from(invoices).where(eq(invoices.userId, userId))).map(
    ({ syncedAt: _s, id: _i, ...r }) => r,
  ),
});

describe("the Stripe webhook and the customer sync (through the real SDK against the emulator)", () => {
  it("refuses a bad signature and changes nothing", async () => {
    const [before] = await db.select({ n: count() }).from(stripeEvents);
    const payload = JSON.stringify({
      id: "evt_forged",
      object: "event",
      type: "customer.subscription.updated",
      data: { object: { customer: "cus_x" } },
    });
    const res = await deliver(payload, "t=1,v1=deadbeef");
    expect(res.status).toBe(400);
    const [after] = await db.select({ n: count() }).from(stripeEvents);
    expect(after!.n).toBe(before!.n);
  });

  it(
    "upgrades a trial to paid, keeping the same instance, whatever the delivery order and duplicates",
    { timeout: 60_000 },
    async () => {
      const user = await customer("upgrade");
      const trial = await trialInstance(user.id);
      const checkout = await startCheckout(db, user.id, trial.id);
      if ("error" in checkout) throw new Error(checkout.error);
      expect((await completeCheckout(checkout.sessionId)).status).toBe(200);
      const customerId = (await stripeCustomerOf(db, user.id))!;
      const events = await eventsFor(customerId);
      expect(events.length).toBeGreaterThan(2);
      const deliveries = shuffled([...events, ...events]);
      const answers = await Promise.all(deliveries.map((e) => deliver(JSON.stringify(e))));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      const [stored] = await db
        .select({ n: count() })
        .from(stripeEvents)
        .where(eq(stripeEvents.id, events.find((e) => e.type === "checkout.session.completed")!.id));
      expect(stored!.n).toBe(1);

      const paid = await waitFor("the instance to be paid", async () => {
        const [row] = await db.select().from(instances).where(eq(instances.id, trial.id));
        return row && !row.isTrial ? row : null;
      });
      expect(paid).toMatchObject({ id: trial.id, status: "running", trialEndsAt: null });
      const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.instanceId, trial.id));
      expect(sub).toMatchObject({ userId: user.id, status: "active" });
      const first = await mirrorOf(user.id);
      expect(first.invoices.length).toBeGreaterThan(0);
      // The billing pages' queries see only the owner's rows.
      const [invoice] = await listOwnerInvoices(db, user.id);
      expect(invoice).toMatchObject({
        status: "paid",
        instanceId: trial.id,
        hostedInvoiceUrl: expect.stringContaining("/invoices/"),
      });
      expect(invoice!.lines.length).toBeGreaterThan(0);
      expect(await getOwnerInvoice(db, trial.id, invoice!.id)).toBeNull();
      expect(await upcomingAmount(sub!.stripeSubscriptionId)).toMatchObject({ amount: invoice!.total });

      // The same events again, in another order: the final state does not move.
      await Promise.all(shuffled(events, 99).map((e) => deliver(JSON.stringify(e))));
      await syncStripeCustomer(db, customerId);
      expect(await mirrorOf(user.id)).toEqual(first);
      // The trial is used up: the next instance on a trial plan must be paid for.
      expect(await needsPayment(db, user.id, (await catalogIds("starter")).planId)).toBe(true);

      // Cancel at period end, and undo it; the mirror follows Stripe.
      expect(await setCancelAtPeriodEnd(db, "00000000-0000-4000-8000-000000000000", sub!.id, true)).toEqual({
        error: "That subscription was not found.",
      });
      expect(await setCancelAtPeriodEnd(db, user.id, sub!.id, true)).toHaveProperty("success");
      expect((await db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id)))[0]!.cancelAtPeriodEnd).toBe(
        true,
      );
      expect((await stripe().subscriptions.retrieve(sub!.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
      await setCancelAtPeriodEnd(db, user.id, sub!.id, false);
      expect((await db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id)))[0]!.cancelAtPeriodEnd).toBe(
        false,
      );

      expect(await portalUrl(db, user.id)).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/portal\//),
      });

      // A resize shows its prorated cost before anything changes.
      const preview = await previewPaidResize(db, user.id, trial.id, (await catalogIds("standard")).planId);
      expect(preview).toMatchObject({ planName: "Standard" });
      expect(
        await previewPaidResize(
          db,
          "00000000-0000-4000-8000-000000000000",
          trial.id,
          (await catalogIds("standard")).planId,
        ),
      ).toBeNull();
    },
  );

  it(
    "syncs of one customer take turns, so one that read Stripe before a cancel cannot write the older state back",
    { timeout: 60_000 },
    async () => {
      const { customerId, sub } = await payingCustomer("turns");
      await syncStripeCustomer(db, customerId);
      // A sync in flight (it read Stripe before the cancel) holds the customer's lock until it has written.
      let release!: () => void;
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const inFlight = db.transaction(async (tx) => {
        await tx.execute(customerSyncLock(customerId));
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await isLocked;
      await stripe().subscriptions.update(sub.id, { cancel_at_period_end: true });
      const next = syncStripeCustomer(db, customerId);
      // It waits its turn on the lock rather than reading Stripe alongside the one in flight.
      await waitFor("the second sync to wait for the lock", async () => {
        const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock%'`);
        return row!.n > 0;
      });
      release();
      await inFlight;
      await next;
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, sub.id));
      expect(row!.cancelAtPeriodEnd).toBe(true);
    },
  );

  it("provisions a new paid instance only after the payment is confirmed", { timeout: 60_000 }, async () => {
    const user = await customer("paid");
    const created = await createPendingInstance(db, user.id, {
      name: "paid-shop",
      ...(await catalogIds("pro")),
      keyIds: [],
    });
    if ("error" in created) throw new Error(created.error);
    const checkout = await startCheckout(db, user.id, created.instanceId);
    if ("error" in checkout) throw new Error(checkout.error);

    // A declined card leaves the session open and nothing provisioned.
    expect((await completeCheckout(checkout.sessionId, "pm_card_chargeDeclined")).status).toBe(402);
    const customerId = (await stripeCustomerOf(db, user.id))!;
    expect((await stripe().subscriptions.list({ customer: customerId, status: "all" })).data).toEqual([]);
    for (const e of await eventsFor(customerId)) await deliver(JSON.stringify(e));
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id))).toEqual([]);
    expect((await db.select().from(instances).where(eq(instances.id, created.instanceId)))[0]!.status).toBe(
      "pending_payment",
    );

    expect((await completeCheckout(checkout.sessionId)).status).toBe(200);
    for (const e of await eventsFor(customerId)) await deliver(JSON.stringify(e));
    const moved = await waitFor("provisioning to start", async () => {
      const [row] = await db.select().from(instances).where(eq(instances.id, created.instanceId));
      return row && row.status !== "pending_payment" ? row : null;
    });
    expect(["provisioning", "starting", "running"]).toContain(moved.status);
    expect(moved.isTrial).toBe(false);
  });

  it("refuses Checkout for another customer's instance", async () => {
    const owner = await customer("owner");
    const other = await customer("other");
    const trial = await trialInstance(owner.id);
    expect(await startCheckout(db, other.id, trial.id)).toEqual({ error: "That instance was not found." });
    expect(await stripeCustomerOf(db, other.id)).toBeNull();
    const own = await startCheckout(db, owner.id, trial.id);
    if ("error" in own) throw new Error(own.error);
    expect(await syncCheckoutSession(db, other.id, own.sessionId)).toEqual({
      error: "That Checkout session was not found.",
    });
    expect(await syncCheckoutSession(db, other.id, "not-a-session")).toEqual({
      error: "That Checkout session is not valid.",
    });
    expect(await portalUrl(db, other.id)).toEqual({
      error: "You have no billing account yet: upgrade an instance first.",
    });
    expect(
      (await stripe().checkout.sessions.list({ limit: 100 })).data.filter((s) => s.client_reference_id === trial.id),
    ).toHaveLength(1);
  });
});
