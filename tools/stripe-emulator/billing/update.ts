import type { Ctx } from "../core/context";
import { invalidRequest } from "../core/errors";
import type { InvoiceRec, PendingItemRec, SubscriptionRec } from "../core/records";
import { collectInvoice } from "./collect";
import { assembleInvoice, finalizeInvoice, storeInvoice } from "./invoices";
import { subscriptionLines } from "./lines";
import type { PlannedUpdate, ProrationBehavior } from "./proration";
import { nextPeriodEnd } from "./renewal";

// Applying (or previewing) an item change with its prorations.
// create_prorations: pending items billed on the next invoice; always_invoice: invoiced and charged now;
// none: no prorations. https://docs.stripe.com/billing/subscriptions/prorations#control-proration-behavior

function immediateInvoice(
  ctx: Ctx,
  sub: SubscriptionRec,
  plan: PlannedUpdate,
  at: number,
  preview: boolean,
): InvoiceRec {
  const pending = [...ctx.state.pendingItems.values()].filter((p) => p.subscription === sub.id);
  const newPeriodEnd = plan.resetCycle
    ? nextPeriodEnd(ctx, { ...sub, items: plan.items, billingCycleAnchor: at }, at)
    : sub.currentPeriodEnd;
  const lines = [
    ...pending.map((p) => p.line),
    ...plan.lines,
    ...(plan.resetCycle ? subscriptionLines(ctx, { ...sub, items: plan.items }, at, newPeriodEnd, false) : []),
  ];
  if (!preview) for (const p of pending) ctx.state.pendingItems.delete(p.id);
  return assembleInvoice(ctx, {
    customer: sub.customer,
    sub,
    lines,
    reason: "subscription_update",
    periodStart: at,
    periodEnd: at,
    now: at,
    preview,
  });
}

/** Changes the subscription's items; returns the invoice created now, if any. */
export function applyItemUpdate(
  ctx: Ctx,
  sub: SubscriptionRec,
  plan: PlannedUpdate,
  behavior: ProrationBehavior,
  at: number,
): InvoiceRec | null {
  const billsNow = plan.resetCycle || (behavior === "always_invoice" && plan.lines.length > 0);
  const live = sub.status === "active" || sub.status === "past_due";
  if (live && billsNow) {
    const inv = immediateInvoice(ctx, sub, plan, at, false);
    sub.items = plan.items;
    if (plan.resetCycle) {
      sub.currentPeriodStart = at;
      sub.billingCycleAnchor = at;
      sub.currentPeriodEnd = nextPeriodEnd(ctx, sub, at);
      sub.upcomingNotifiedFor = null;
    }
    return inv;
  }
  sub.items = plan.items;
  if (behavior === "create_prorations") {
    for (const line of plan.lines) {
      const item: PendingItemRec = {
        id: line.invoiceItem!,
        created: at,
        customer: sub.customer,
        subscription: sub.id,
        line,
      };
      ctx.state.pendingItems.set(item.id, item);
    }
  }
  return null;
}

/** Stores, finalizes and charges an invoice created by an update. */
export function billNow(ctx: Ctx, inv: InvoiceRec, at: number): void {
  storeInvoice(ctx, inv, at);
  finalizeInvoice(ctx, inv, at);
  collectInvoice(ctx, inv, at, { automatic: true });
}

/** The invoice a change would produce: the immediate one (always_invoice, interval change) or the next renewal.
 *  https://docs.stripe.com/billing/subscriptions/prorations#preview-proration */
export function previewItemUpdate(
  ctx: Ctx,
  sub: SubscriptionRec,
  plan: PlannedUpdate,
  behavior: ProrationBehavior,
  at: number,
  cancelAtPeriodEnd: boolean,
): InvoiceRec {
  const live = sub.status === "active" || sub.status === "past_due";
  if (live && (plan.resetCycle || (behavior === "always_invoice" && plan.lines.length > 0))) {
    return immediateInvoice(ctx, sub, plan, at, true);
  }
  if (cancelAtPeriodEnd || sub.status === "canceled") {
    throw invalidRequest(`No upcoming invoices for customer: ${sub.customer}`, {
      code: "invoice_upcoming_none",
      status: 404,
    });
  }
  const next = { ...sub, items: plan.items };
  const start = sub.status === "trialing" && sub.trialEnd !== null ? sub.trialEnd : sub.currentPeriodEnd;
  const end = nextPeriodEnd(ctx, next, start);
  const pending = [...ctx.state.pendingItems.values()].filter((p) => p.subscription === sub.id).map((p) => p.line);
  const prorations = behavior === "create_prorations" ? plan.lines : [];
  return assembleInvoice(ctx, {
    customer: sub.customer,
    sub: next,
    lines: [...pending, ...prorations, ...subscriptionLines(ctx, next, start, end, false)],
    reason: "upcoming",
    periodStart: sub.currentPeriodStart,
    periodEnd: start,
    now: start,
    preview: true,
  });
}
