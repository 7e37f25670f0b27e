import type { Ctx } from "../core/context";
import type { SubscriptionRec } from "../core/records";
import { emit, emitUpdated } from "../events/emit";
import { renderSubscription } from "../render/subscription";

// Subscription status changes and their events.
// https://docs.stripe.com/billing/subscriptions/overview#subscription-statuses
// https://docs.stripe.com/billing/subscriptions/webhooks#events

/** Runs `change` and emits customer.subscription.updated with previous_attributes if anything changed. */
export function mutateSubscription(ctx: Ctx, sub: SubscriptionRec, at: number, change: () => void): void {
  const before = renderSubscription(ctx, sub);
  change();
  emitUpdated(ctx, "customer.subscription.updated", before, renderSubscription(ctx, sub), at);
}

/** Ends a subscription now: customer.subscription.deleted. Open invoices stop being retried.
 *  https://docs.stripe.com/billing/subscriptions/cancel */
export function endSubscription(
  ctx: Ctx,
  sub: SubscriptionRec,
  at: number,
  reason: SubscriptionRec["cancellationReason"],
): void {
  sub.status = "canceled";
  sub.canceledAt ??= at;
  sub.endedAt = at;
  sub.cancellationReason = reason;
  for (const inv of ctx.state.invoices.values()) {
    if (inv.subscription === sub.id && inv.status === "open") inv.nextPaymentAttempt = null;
  }
  for (const [id, item] of ctx.state.pendingItems) if (item.subscription === sub.id) ctx.state.pendingItems.delete(id);
  emit(ctx, "customer.subscription.deleted", renderSubscription(ctx, sub), at);
}

export function isLive(sub: SubscriptionRec): boolean {
  return sub.status !== "canceled" && sub.status !== "incomplete_expired";
}
