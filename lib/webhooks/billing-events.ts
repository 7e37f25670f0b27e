import type Stripe from "stripe";
import type { Db } from "@/db";
import { discountCoupon, invoiceSubscriptionId } from "@/lib/billing/mirror";
import { idOf } from "@/lib/stripe";
import { recordWebhookEvent } from "./record";

const invoiceSummary = (inv: Stripe.Invoice) => ({
  id: inv.id,
  number: inv.number,
  subscriptionId: invoiceSubscriptionId(inv),
  currency: inv.currency,
  total: inv.total,
  amountPaid: inv.amount_paid,
  amountRemaining: inv.amount_remaining,
  attemptCount: inv.attempt_count,
});

export const paymentSucceeded = (db: Db, userId: string, inv: Stripe.Invoice) =>
  recordWebhookEvent(db, "payment.succeeded", { userId, invoice: invoiceSummary(inv) }, `payment.succeeded:${inv.id}`);

// Each failed attempt at an invoice is its own event; a re-sync of the same state is not.
export const paymentFailed = (db: Db, userId: string, inv: Stripe.Invoice) =>
  recordWebhookEvent(
    db,
    "payment.failed",
    { userId, invoice: invoiceSummary(inv) },
    `payment.failed:${inv.id}:${inv.attempt_count}`,
  );

export const gracePeriodBegan = (
  db: Db,
  p: { userId: string; subscriptionId: string; invoiceId: string; endsAt: Date },
) =>
  recordWebhookEvent(
    db,
    "grace_period.began",
    { ...p, endsAt: p.endsAt.toISOString() },
    `grace_period.began:${p.subscriptionId}:${p.invoiceId}`,
  );

// `paid`: the failed invoice was paid; `expired`: the grace period ran out and the instance is being suspended.
export const gracePeriodEnded = (
  db: Db,
  p: { subscriptionId: string; invoiceId: string | null; reason: "paid" | "expired" },
) =>
  recordWebhookEvent(
    db,
    "grace_period.ended",
    p,
    `grace_period.ended:${p.subscriptionId}:${p.invoiceId ?? "cycle"}:${p.reason}`,
  );

// What a full sync of one customer shows: canceled subscriptions and the discounts (coupon redemptions) on
// their invoices, each recorded once by its Stripe id however often the customer is synced again.
export async function recordSyncedBillingWebhooks(
  db: Db,
  userId: string,
  subs: Stripe.Subscription[],
  invoices: Stripe.Invoice[],
) {
  for (const sub of subs) {
    if (sub.status !== "canceled") continue;
    await recordWebhookEvent(
      db,
      "subscription.canceled",
      {
        userId,
        subscription: {
          id: sub.id,
          instanceId: sub.metadata.instanceId ?? null,
          canceledAt: sub.canceled_at,
          endedAt: sub.ended_at,
          reason: sub.cancellation_details?.reason ?? null,
        },
      },
      `subscription.canceled:${sub.id}`,
    );
  }
  for (const inv of invoices) {
    for (const d of inv.total_discount_amounts ?? []) {
      if (typeof d.discount === "string" || !("id" in d.discount)) continue;
      const coupon = discountCoupon(d.discount);
      await recordWebhookEvent(
        db,
        "coupon.redeemed",
        {
          userId,
          discountId: d.discount.id,
          amount: d.amount,
          currency: inv.currency,
          invoiceId: inv.id,
          subscriptionId: invoiceSubscriptionId(inv),
          coupon:
            typeof coupon === "object" && coupon ? { id: coupon.id, name: coupon.name } : { id: coupon, name: null },
          promotionCode: "promotion_code" in d.discount ? idOf(d.discount.promotion_code) : null,
        },
        `coupon.redeemed:${d.discount.id}`,
      );
    }
  }
}
