import type { Ctx } from "../core/context";
import { newId } from "../core/ids";
import type { InvoiceLineRec, InvoiceRec, SubscriptionRec } from "../core/records";
import { emit, emitUpdated } from "../events/emit";
import { renderCustomer } from "../render/customer";
import { renderInvoice } from "../render/invoice";
import { discountAmount, discountApplies } from "./discounts";

// Invoice lifecycle: draft → open (finalized) → paid | uncollectible | void.
// https://docs.stripe.com/invoicing/overview#invoice-lifecycle

/** How much of the customer's balance an invoice would use. Negative balance = credit.
 *  https://docs.stripe.com/billing/customer/balance#examples */
export function balanceApplied(balance: number, total: number): number {
  if (total <= 0) return 0;
  if (balance < 0) return Math.max(balance, -total);
  return balance;
}

export function assembleInvoice(
  ctx: Ctx,
  args: {
    customer: string;
    sub: SubscriptionRec | null;
    lines: InvoiceLineRec[];
    reason: InvoiceRec["billingReason"];
    periodStart: number;
    periodEnd: number;
    now: number;
    preview: boolean;
  },
): InvoiceRec {
  const { sub } = args;
  const customer = ctx.state.customers.get(args.customer);
  const subtotal = args.lines.reduce((s, l) => s + l.amount, 0);
  let discount: InvoiceRec["discount"] = null;
  if (
    sub?.discount &&
    discountApplies(sub.discount, args.now) &&
    !(sub.discount.used && isOnce(ctx, sub.discount.coupon))
  ) {
    const coupon = ctx.state.coupons.get(sub.discount.coupon);
    const amount = coupon ? discountAmount(coupon, subtotal) : 0;
    if (amount > 0) {
      discount = { id: sub.discount.id, amount };
      if (!args.preview) sub.discount.used = true;
    }
  }
  const total = subtotal - (discount?.amount ?? 0);
  const startingBalance = customer?.balance ?? 0;
  const applied = balanceApplied(startingBalance, total);
  return {
    id: args.preview ? newId("upcoming_in") : newId("in"),
    number: null,
    customer: args.customer,
    subscription: sub?.id ?? null,
    subscriptionMetadata: sub ? { ...sub.metadata } : null,
    status: "draft",
    billingReason: args.reason,
    created: args.now,
    currency: sub?.currency ?? customer?.currency ?? "usd",
    periodStart: args.periodStart,
    periodEnd: args.periodEnd,
    lines: args.lines,
    subtotal,
    discount,
    total,
    startingBalance,
    endingBalance: null,
    amountDue: Math.max(0, total + applied),
    amountPaid: 0,
    attemptCount: 0,
    attempted: false,
    nextPaymentAttempt: null,
    automaticallyFinalizesAt: null,
    finalizedAt: null,
    paidAt: null,
    voidedAt: null,
    markedUncollectibleAt: null,
    defaultPaymentMethod: null,
    metadata: {},
    testClock: customer?.testClock ?? null,
    lastError: null,
    preview: args.preview,
  };
}

function isOnce(ctx: Ctx, couponId: string): boolean {
  return ctx.state.coupons.get(couponId)?.duration === "once";
}

export function storeInvoice(ctx: Ctx, inv: InvoiceRec, at: number): void {
  ctx.state.invoices.set(inv.id, inv);
  const sub = inv.subscription ? ctx.state.subscriptions.get(inv.subscription) : undefined;
  if (sub) sub.latestInvoice = inv.id;
  emit(ctx, "invoice.created", renderInvoice(ctx, inv), at);
}

/** Finalizing assigns a number and applies the customer's balance. https://docs.stripe.com/invoicing/integration/workflow-transitions#finalized */
export function finalizeInvoice(ctx: Ctx, inv: InvoiceRec, at: number): void {
  const customer = ctx.state.customers.get(inv.customer);
  if (customer) {
    const before = renderCustomer(customer);
    const applied = balanceApplied(customer.balance, inv.total);
    inv.startingBalance = customer.balance;
    let change = 0;
    if (inv.total < 0)
      change = inv.total; // a net credit (e.g. a downgrade proration) goes to the balance
    else change = -applied;
    if (change !== 0) {
      customer.balance += change;
      const txnId = newId("cbtxn");
      ctx.state.balanceTransactions.set(txnId, {
        id: txnId,
        created: at,
        customer: customer.id,
        amount: change,
        currency: inv.currency,
        description: null,
        endingBalance: customer.balance,
        invoice: inv.id,
        type: "applied_to_invoice",
        metadata: {},
      });
      emitUpdated(ctx, "customer.updated", before, renderCustomer(customer), at);
    }
    inv.endingBalance = customer.balance;
    inv.amountDue = inv.total < 0 ? 0 : Math.max(0, inv.total + applied);
    inv.number = `${customer.invoicePrefix}-${String(customer.nextInvoiceSequence).padStart(4, "0")}`;
    customer.nextInvoiceSequence += 1;
  }
  inv.status = "open";
  inv.finalizedAt = at;
  inv.automaticallyFinalizesAt = null;
  emit(ctx, "invoice.finalized", renderInvoice(ctx, inv), at);
}

export function markPaid(ctx: Ctx, inv: InvoiceRec, at: number): void {
  inv.status = "paid";
  inv.amountPaid = inv.amountDue;
  inv.paidAt = at;
  inv.nextPaymentAttempt = null;
  const rendered = renderInvoice(ctx, inv);
  emit(ctx, "invoice.paid", rendered, at);
  emit(ctx, "invoice.payment_succeeded", rendered, at);
}
