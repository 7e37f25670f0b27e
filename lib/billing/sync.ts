import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db";
import { idOf, stripe } from "@/lib/stripe";
import { recordSyncedBillingWebhooks } from "@/lib/webhooks/billing-events";
import { userOfCustomer } from "./customers";
import { applySubscription } from "./derive";
import { discountCoupon, mirrorInvoice, mirrorSubscription, type CouponNames } from "./mirror";
import { enqueueInvoicePdfs } from "./invoice-documents";
import { notifyInvoices } from "./notify";

// The lock one customer's syncs take turns on (also what a test holds to play a sync in flight).
export const customerSyncLock = (customerId: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`berth-sync:${customerId}`}))`;

// Re-reads everything Stripe holds for one customer and mirrors it; the event that triggered this is only
// a hint, so its order, duplicates and payload don't matter. Safe to run any number of times.
// Syncs of one customer take turns, each reading Stripe only once the previous one has written: otherwise a sync
// that read before a change (a cancel, say) could write the older state over the newer one another sync wrote.
// The lock's transaction only holds the lock (a connection); the mirror's writes go through `db` as usual.
export async function syncStripeCustomer(db: Db, customerId: string) {
  await lockHolders.acquire();
  try {
    return await db.transaction(async (lock) => {
      await lock.execute(customerSyncLock(customerId));
      return mirrorCustomer(db, customerId);
    });
  } finally {
    lockHolders.release();
  }
}

// Each sync holds a connection for its lock while its writes need others: at most this many at once in a
// process, so they can never take the whole pool (10) and wait for each other.
const lockHolders = (() => {
  const MAX = 3;
  let held = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (held < MAX ? (held++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else held--;
    },
  };
})();

async function mirrorCustomer(db: Db, customerId: string) {
  const userId = await userOfCustomer(db, customerId);
  if (!userId) return { skipped: true as const, reason: "not a Berth customer" };
  const api = stripe();
  const subs: Stripe.Subscription[] = [];
  for await (const s of api.subscriptions.list({ customer: customerId, status: "all", limit: 100 })) subs.push(s);
  const instanceBySub = new Map<string, string | null>();
  const mirrored = [];
  for (const s of subs) {
    const row = await mirrorSubscription(db, userId, s);
    instanceBySub.set(s.id, row.instanceId);
    mirrored.push(row);
  }
  const invoices: Stripe.Invoice[] = [];
  // Discounts come expanded so their lines can name the coupon (one more level would pass Stripe's depth limit).
  for await (const inv of api.invoices.list({
    customer: customerId,
    limit: 100,
    expand: ["data.total_discount_amounts.discount"],
  })) {
    // An invoice embeds only its first lines; the rest are fetched so the mirror is complete.
    if (inv.lines.has_more && inv.id) {
      const lines: Stripe.InvoiceLineItem[] = [];
      for await (const line of api.invoices.listLineItems(inv.id, { limit: 100 })) lines.push(line);
      inv.lines = { ...inv.lines, data: lines, has_more: false };
    }
    invoices.push(inv);
  }
  const couponNames = await namesOfCoupons(invoices);
  for (const inv of invoices) await mirrorInvoice(db, userId, inv, instanceBySub, couponNames);
  for (const row of mirrored) await applySubscription(db, row);
  await notifyInvoices(db, userId, invoices);
  await enqueueInvoicePdfs(db, userId);
  await recordSyncedBillingWebhooks(db, userId, subs, invoices);
  return { skipped: false as const, subscriptions: subs.length, invoices: invoices.length };
}

// The coupons behind these invoices' discounts, each looked up once (most invoices have none).
async function namesOfCoupons(invoices: Stripe.Invoice[]): Promise<CouponNames> {
  const ids = new Set<string>();
  for (const inv of invoices) {
    for (const d of inv.total_discount_amounts ?? []) {
      const coupon = discountCoupon(d.discount);
      if (typeof coupon === "string") ids.add(coupon);
    }
  }
  const coupons = await Promise.all(
    [...ids].map((id) =>
      stripe()
        .coupons.retrieve(id)
        .catch(() => null),
    ),
  );
  return new Map(coupons.flatMap((c) => (c?.name ? [[c.id, c.name] as const] : [])));
}

// The success page's eager sync: the session must belong to this account before anything runs.
export async function syncCheckoutSession(db: Db, userId: string, sessionId: string) {
  if (!/^cs_\w+$/.test(sessionId)) return { error: "That Checkout session is not valid." };
  const session = await stripe()
    .checkout.sessions.retrieve(sessionId)
    .catch(() => null);
  const customerId = idOf(session?.customer);
  if (!session || !customerId || (await userOfCustomer(db, customerId)) !== userId)
    return { error: "That Checkout session was not found." };
  // The webhook's job does the same work, so a failure here (mail server down, say) only delays it.
  await syncStripeCustomer(db, customerId).catch((error: unknown) =>
    console.error("eager Checkout sync failed; the webhook will retry", error),
  );
  return {
    instanceId: session.metadata?.instanceId ?? session.client_reference_id ?? null,
    status: session.status,
    paid: session.status === "complete",
  };
}
