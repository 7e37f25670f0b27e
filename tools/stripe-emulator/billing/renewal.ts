import type { Ctx } from "../core/context";
import type { PendingItemRec, SubscriptionRec } from "../core/records";
import { addInterval, DAY } from "../core/time";
import { emit } from "../events/emit";
import { renderInvoice } from "../render/invoice";
import { renderSubscription } from "../render/subscription";
import { collectInvoice } from "./collect";
import { assembleInvoice, finalizeInvoice, storeInvoice } from "./invoices";
import { endSubscription, mutateSubscription } from "./lifecycle";
import { requirePrice, subscriptionLines } from "./lines";
import { billingPaymentMethod } from "./payments";

/** Stripe sends customer.subscription.trial_will_end three days before a trial ends.
 *  https://docs.stripe.com/billing/subscriptions/trials#use-webhooks */
export const TRIAL_WILL_END_NOTICE = 3 * DAY;
/** invoice.upcoming is sent some days before renewal (dashboard setting; 3 days here).
 *  https://docs.stripe.com/api/events/types#event_types-invoice.upcoming */
export const UPCOMING_NOTICE = 3 * DAY;

export function nextPeriodEnd(ctx: Ctx, sub: SubscriptionRec, start: number): number {
  const price = requirePrice(ctx, sub.items[0]!.price);
  const r = price.recurring ?? { interval: "month" as const, intervalCount: 1 };
  return addInterval(start, r.interval, r.intervalCount, sub.billingCycleAnchor);
}

export function sendTrialWillEnd(ctx: Ctx, sub: SubscriptionRec, at: number): void {
  sub.trialWillEndSent = true;
  emit(ctx, "customer.subscription.trial_will_end", renderSubscription(ctx, sub), at);
}

export function sendUpcoming(ctx: Ctx, sub: SubscriptionRec, at: number): void {
  sub.upcomingNotifiedFor = sub.currentPeriodEnd;
  const end = nextPeriodEnd(ctx, sub, sub.currentPeriodEnd);
  const preview = assembleInvoice(ctx, {
    customer: sub.customer,
    sub,
    lines: subscriptionLines(ctx, sub, sub.currentPeriodEnd, end, false),
    reason: "upcoming",
    periodStart: sub.currentPeriodStart,
    periodEnd: sub.currentPeriodEnd,
    now: at,
    preview: true,
  });
  emit(ctx, "invoice.upcoming", renderInvoice(ctx, preview), at);
}

/** Starts a new period and bills it: a draft that Stripe finalizes and charges about an hour later.
 *  https://docs.stripe.com/billing/subscriptions/overview#subscription-lifecycle */
function billNewPeriod(ctx: Ctx, sub: SubscriptionRec, start: number, at: number, fromTrial: boolean): void {
  const end = nextPeriodEnd(ctx, sub, start);
  const previousStart = sub.currentPeriodStart;
  mutateSubscription(ctx, sub, at, () => {
    sub.currentPeriodStart = start;
    sub.currentPeriodEnd = end;
    if (fromTrial) {
      sub.status = "active";
      sub.billingCycleAnchor = start;
    }
  });
  const pending = [...ctx.state.pendingItems.values()].filter((p) => p.subscription === sub.id);
  for (const p of pending) ctx.state.pendingItems.delete(p.id);
  const inv = assembleInvoice(ctx, {
    customer: sub.customer,
    sub,
    lines: [...pending.map((p) => p.line), ...subscriptionLines(ctx, sub, start, end, false)],
    reason: "subscription_cycle",
    periodStart: previousStart,
    periodEnd: start,
    now: at,
    preview: false,
  });
  inv.automaticallyFinalizesAt = at + ctx.config.finalizeDelaySeconds;
  storeInvoice(ctx, inv, at);
  if (ctx.config.finalizeDelaySeconds === 0) finalizeAndCollect(ctx, inv.id, at);
}

export function finalizeAndCollect(ctx: Ctx, invoiceId: string, at: number): void {
  const inv = ctx.state.invoices.get(invoiceId);
  if (!inv || inv.status !== "draft") return;
  finalizeInvoice(ctx, inv, at);
  collectInvoice(ctx, inv, at, { automatic: true });
}

// At a trial's end: bill the first period, or — without a payment method — cancel, pause, or invoice
// anyway, per trial_settings.end_behavior.missing_payment_method.
// https://docs.stripe.com/billing/subscriptions/trials#create-free-trials-without-payment
export function endTrial(ctx: Ctx, sub: SubscriptionRec, at: number): void {
  if (sub.cancelAtPeriodEnd || (sub.cancelAt !== null && sub.cancelAt <= at)) {
    endSubscription(ctx, sub, at, "cancellation_requested");
    return;
  }
  const hasPaymentMethod = billingPaymentMethod(ctx, sub.customer, sub.id) !== null;
  if (!hasPaymentMethod && sub.missingPaymentMethod === "cancel") {
    endSubscription(ctx, sub, at, null);
    return;
  }
  if (!hasPaymentMethod && sub.missingPaymentMethod === "pause") {
    mutateSubscription(ctx, sub, at, () => (sub.status = "paused"));
    emit(ctx, "customer.subscription.paused", renderSubscription(ctx, sub), at);
    return;
  }
  billNewPeriod(ctx, sub, sub.trialEnd ?? at, at, true);
}

/** At the period's end: cancel (cancel_at_period_end) or renew. https://docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle */
export function reachPeriodEnd(ctx: Ctx, sub: SubscriptionRec, at: number): void {
  if (sub.cancelAtPeriodEnd) {
    endAsScheduled(ctx, sub, sub.currentPeriodEnd);
    return;
  }
  billNewPeriod(ctx, sub, sub.currentPeriodEnd, at, false);
}

/** A subscription set to cancel (at the period's end, or at `cancel_at`) still collects its pending prorations
 *  then, on a final invoice with no new period, and ends. https://docs.stripe.com/api/subscriptions/cancel */
export function endAsScheduled(ctx: Ctx, sub: SubscriptionRec, at: number): void {
  const pending = [...ctx.state.pendingItems.values()].filter((p) => p.subscription === sub.id);
  if (pending.length > 0) billFinalProrations(ctx, sub, pending, at);
  endSubscription(ctx, sub, at, "cancellation_requested");
}

function billFinalProrations(ctx: Ctx, sub: SubscriptionRec, pending: PendingItemRec[], at: number): void {
  for (const p of pending) ctx.state.pendingItems.delete(p.id);
  const inv = assembleInvoice(ctx, {
    customer: sub.customer,
    sub,
    lines: pending.map((p) => p.line),
    reason: "subscription_cycle",
    periodStart: sub.currentPeriodStart,
    periodEnd: sub.currentPeriodEnd,
    now: at,
    preview: false,
  });
  inv.automaticallyFinalizesAt = at + ctx.config.finalizeDelaySeconds;
  storeInvoice(ctx, inv, at);
  if (ctx.config.finalizeDelaySeconds === 0) finalizeAndCollect(ctx, inv.id, at);
}
