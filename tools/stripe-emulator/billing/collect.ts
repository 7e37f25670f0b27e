import type { Ctx } from "../core/context";
import type { InvoiceRec } from "../core/records";
import { DAY } from "../core/time";
import { emit } from "../events/emit";
import { renderInvoice } from "../render/invoice";
import { endSubscription, mutateSubscription } from "./lifecycle";
import { markPaid } from "./invoices";
import { billingPaymentMethod, charge, type ChargeResult } from "./payments";

// Collecting an open invoice and the retry schedule after a failure.
// https://docs.stripe.com/billing/subscriptions/overview#failed-payments
// https://docs.stripe.com/billing/revenue-recovery/smart-retries (a fixed schedule here: config.retrySchedule, in days)

export function collectInvoice(
  ctx: Ctx,
  inv: InvoiceRec,
  at: number,
  opts: { automatic: boolean; paymentMethod?: string | null },
): ChargeResult {
  if (inv.amountDue === 0) {
    markPaid(ctx, inv, at);
    afterPaid(ctx, inv, at);
    return { ok: true };
  }
  const pm = opts.paymentMethod ?? billingPaymentMethod(ctx, inv.customer, inv.subscription);
  const result = charge(ctx, pm);
  inv.attempted = true;
  inv.attemptCount += 1;
  if (result.ok) {
    inv.lastError = null;
    inv.defaultPaymentMethod = pm;
    markPaid(ctx, inv, at);
    afterPaid(ctx, inv, at);
    return result;
  }
  inv.lastError = { code: result.code, declineCode: result.declineCode, message: result.message };
  let exhausted = false;
  if (opts.automatic) {
    const delayDays = ctx.config.retrySchedule[inv.attemptCount - 1];
    inv.nextPaymentAttempt = delayDays === undefined ? null : at + Math.round(delayDays * DAY);
    exhausted = delayDays === undefined;
  }
  emit(ctx, "invoice.payment_failed", renderInvoice(ctx, inv), at);
  afterFailed(ctx, inv, at, exhausted);
  return result;
}

function afterPaid(ctx: Ctx, inv: InvoiceRec, at: number): void {
  const sub = inv.subscription ? ctx.state.subscriptions.get(inv.subscription) : undefined;
  if (!sub || (sub.status !== "past_due" && sub.status !== "unpaid")) return;
  const stillOpen = [...ctx.state.invoices.values()].some((i) => i.subscription === sub.id && i.status === "open");
  if (!stillOpen) mutateSubscription(ctx, sub, at, () => (sub.status = "active"));
}

// A failed renewal makes the subscription past_due; when the retries run out it is canceled, marked
// unpaid or left past_due, as configured. https://docs.stripe.com/billing/subscriptions/overview#settings
function afterFailed(ctx: Ctx, inv: InvoiceRec, at: number, exhausted: boolean): void {
  const sub = inv.subscription ? ctx.state.subscriptions.get(inv.subscription) : undefined;
  if (!sub || sub.status === "canceled" || sub.status === "incomplete") return;
  if (sub.status === "active" || sub.status === "trialing")
    mutateSubscription(ctx, sub, at, () => (sub.status = "past_due"));
  if (!exhausted) return;
  if (ctx.config.afterRetriesExhausted === "cancel") endSubscription(ctx, sub, at, "payment_failed");
  else if (ctx.config.afterRetriesExhausted === "unpaid")
    mutateSubscription(ctx, sub, at, () => (sub.status = "unpaid"));
}
