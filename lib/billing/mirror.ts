import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db";
import { instances, invoices, plans, subscriptions, type InvoiceDiscount, type InvoiceLine } from "@/db/schema";
import { isUniqueViolation } from "@/lib/pg-errors";
import { idOf } from "@/lib/stripe";

const at = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);

// The instance named in the subscription's metadata, only if it belongs to this customer's account.
async function ownedInstance(db: Db, userId: string, instanceId: string | undefined) {
  if (!instanceId || !/^[0-9a-f-]{36}$/i.test(instanceId)) return null;
  const [row] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, userId)));
  return row?.id ?? null;
}

export async function mirrorSubscription(db: Db, userId: string, sub: Stripe.Subscription) {
  const item = sub.items.data[0];
  const price = item?.price;
  const [plan] = price?.lookup_key
    ? await db.select({ id: plans.id }).from(plans).where(eq(plans.stripeLookupKey, price.lookup_key))
    : [];
  const instanceId = await ownedInstance(db, userId, sub.metadata.instanceId);
  const values = {
    stripeSubscriptionId: sub.id,
    userId,
    instanceId,
    planId: plan?.id ?? null,
    stripePriceId: price?.id ?? "",
    status: sub.status,
    currentPeriodStart: at(item?.current_period_start),
    currentPeriodEnd: at(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    canceledAt: at(sub.canceled_at),
    endedAt: at(sub.ended_at),
    latestInvoiceId: idOf(sub.latest_invoice),
    syncedAt: new Date(),
  };
  const upsert = (v: typeof values) =>
    db
      .insert(subscriptions)
      .values(v)
      .onConflictDoUpdate({
        target: subscriptions.stripeSubscriptionId,
        set: { ...v, stripeSubscriptionId: undefined },
      })
      .returning();
  try {
    return (await upsert(values))[0]!;
  } catch (error) {
    // A second subscription for one instance (two Checkouts raced): keep it mirrored but unattached.
    if (!isUniqueViolation(error)) throw error;
    return (await upsert({ ...values, instanceId: null }))[0]!;
  }
}

const lineOf = (l: Stripe.InvoiceLineItem): InvoiceLine => ({
  description: l.description ?? "",
  amount: l.amount,
  quantity: l.quantity ?? null,
  periodStart: at(l.period?.start)?.toISOString() ?? null,
  periodEnd: at(l.period?.end)?.toISOString() ?? null,
  proration: l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration ?? false,
});

// Coupon names by coupon id, for the discount lines of invoices (a coupon the sync has looked up).
export type CouponNames = ReadonlyMap<string, string>;

// The coupon behind a discount, when Stripe expanded the discount (`total_discount_amounts.discount`).
export function discountCoupon(d: string | Stripe.Discount | Stripe.DeletedDiscount): string | Stripe.Coupon | null {
  if (typeof d === "string" || !("source" in d)) return null;
  return d.source?.coupon ?? null;
}

// The coupon's name (what the customer typed a code for), otherwise a plain label: never an internal id.
function discountName(d: string | Stripe.Discount | Stripe.DeletedDiscount, couponNames: CouponNames) {
  const coupon = discountCoupon(d);
  if (!coupon) return "Discount";
  return (typeof coupon === "object" ? coupon.name : couponNames.get(coupon)) || "Discount";
}

// The period the invoice bills for, as its lines say: Stripe's own period_start/end on a subscription's first
// invoice is the instant it was created (03 Dec – 03 Dec) while its line covers 3 Dec – 3 Jan.
function servicePeriod(inv: Stripe.Invoice) {
  const starts = inv.lines.data.flatMap((l) => (l.period?.start ? [l.period.start] : []));
  const ends = inv.lines.data.flatMap((l) => (l.period?.end ? [l.period.end] : []));
  return {
    periodStart: at(starts.length ? Math.min(...starts) : inv.period_start),
    periodEnd: at(ends.length ? Math.max(...ends) : inv.period_end),
  };
}

export function invoiceSubscriptionId(inv: Stripe.Invoice) {
  return idOf(inv.parent?.subscription_details?.subscription);
}

export async function mirrorInvoice(
  db: Db,
  userId: string,
  inv: Stripe.Invoice,
  instanceBySub: Map<string, string | null>,
  couponNames: CouponNames = new Map(),
) {
  if (!inv.id) return;
  const stripeSubscriptionId = invoiceSubscriptionId(inv);
  const discounts: InvoiceDiscount[] = (inv.total_discount_amounts ?? []).map((d) => ({
    name: discountName(d.discount, couponNames),
    amount: d.amount,
  }));
  const values = {
    stripeInvoiceId: inv.id,
    userId,
    stripeSubscriptionId,
    instanceId: stripeSubscriptionId ? (instanceBySub.get(stripeSubscriptionId) ?? null) : null,
    number: inv.number,
    status: inv.status ?? "draft",
    currency: inv.currency,
    subtotal: inv.subtotal,
    tax: (inv.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0),
    discountTotal: discounts.reduce((s, d) => s + d.amount, 0),
    total: inv.total,
    amountDue: inv.amount_due,
    amountPaid: inv.amount_paid,
    amountRemaining: inv.amount_remaining,
    creditedAmount: inv.post_payment_credit_notes_amount,
    customerEmail: inv.customer_email,
    customerName: inv.customer_name,
    startingBalance: inv.starting_balance,
    attemptCount: inv.attempt_count,
    nextPaymentAttempt: at(inv.next_payment_attempt),
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    invoicePdf: inv.invoice_pdf ?? null,
    lines: inv.lines.data.map(lineOf),
    discounts,
    ...servicePeriod(inv),
    dueDate: at(inv.due_date),
    paidAt: at(inv.status_transitions.paid_at),
    stripeCreatedAt: at(inv.created)!,
    syncedAt: new Date(),
  };
  await db
    .insert(invoices)
    .values(values)
    .onConflictDoUpdate({ target: invoices.stripeInvoiceId, set: { ...values, stripeInvoiceId: undefined } });
}
