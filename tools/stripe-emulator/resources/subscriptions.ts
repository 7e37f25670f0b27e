import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest, notImplemented } from "../core/errors";
import type { SubscriptionRec } from "../core/records";
import { emitUpdated } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import {
  bool,
  emptyable,
  expand,
  int,
  list,
  listShape,
  metadata,
  mergeMetadata,
  oneOf,
  parseParams,
  str,
} from "../http/params";
import { route, type Route } from "../http/router";
import { renderSubscription } from "../render/subscription";
import { redeem } from "../billing/discounts";
import { endSubscription } from "../billing/lifecycle";
import { planItemChanges } from "../billing/proration";
import { endTrial } from "../billing/renewal";
import { applyItemUpdate, billNow } from "../billing/update";
import { must } from "./common";

// Subscriptions: https://docs.stripe.com/api/subscriptions (created through Checkout; list, retrieve, update, cancel).

export const itemChange = z.strictObject({
  id: str().optional(),
  price: str().optional(),
  quantity: int(0).optional(),
  deleted: bool().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

export const prorationBehavior = oneOf(["create_prorations", "always_invoice", "none"] as const);

const updateSchema = z.strictObject({
  cancel_at_period_end: bool().optional(),
  cancel_at: emptyable(int()).optional(),
  items: list(itemChange).optional(),
  proration_behavior: prorationBehavior.optional(),
  proration_date: int().optional(),
  metadata: metadata().optional(),
  default_payment_method: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  trial_end: z.union([z.literal("now"), int()]).optional(),
  discounts: z
    .union([
      z.literal("").transform(() => null),
      list(z.strictObject({ coupon: str().optional(), promotion_code: str().optional() })),
    ])
    .optional(),
  payment_behavior: oneOf([
    "allow_incomplete",
    "default_incomplete",
    "error_if_incomplete",
    "pending_if_incomplete",
  ] as const).optional(),
  cancellation_details: z.strictObject({ comment: emptyable(str()).optional(), feedback: str().optional() }).optional(),
  expand: expand(),
});

function update(ctx: Ctx, sub: SubscriptionRec, raw: unknown) {
  const p = parseParams(updateSchema, raw);
  const now = clockNow(ctx, sub.testClock);
  if (
    sub.status === "canceled" &&
    Object.keys(p).some((k) => k !== "metadata" && k !== "expand" && k !== "cancellation_details")
  ) {
    throw invalidRequest("A canceled subscription can only update its metadata and cancellation_details.");
  }
  const before = renderSubscription(ctx, sub);
  let invoice = null;
  if (p.items?.length) {
    const behavior = p.proration_behavior ?? "create_prorations";
    const at = p.proration_date ?? now;
    invoice = applyItemUpdate(ctx, sub, planItemChanges(ctx, sub, p.items, at, behavior), behavior, at);
  }
  // https://docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle
  if (p.cancel_at_period_end !== undefined) {
    sub.cancelAtPeriodEnd = p.cancel_at_period_end;
    sub.canceledAt = p.cancel_at_period_end ? now : null;
    sub.cancelAt = p.cancel_at_period_end ? sub.currentPeriodEnd : null;
    sub.cancellationReason = p.cancel_at_period_end ? "cancellation_requested" : null;
  }
  if (p.cancel_at !== undefined) {
    sub.cancelAt = p.cancel_at;
    sub.cancelAtPeriodEnd = p.cancel_at !== null && p.cancel_at === sub.currentPeriodEnd;
  }
  sub.metadata = mergeMetadata(sub.metadata, p.metadata);
  if (p.cancellation_details?.comment !== undefined) sub.cancellationComment = p.cancellation_details.comment;
  if (p.description !== undefined) sub.description = p.description;
  if (p.default_payment_method !== undefined) {
    if (p.default_payment_method === null) sub.defaultPaymentMethod = null;
    else {
      const pm = must(ctx.state.paymentMethods, p.default_payment_method, "PaymentMethod", "default_payment_method");
      if (pm.customer !== sub.customer)
        throw invalidRequest("The payment method must be attached to the subscription's customer.", {
          param: "default_payment_method",
        });
      sub.defaultPaymentMethod = pm.id;
    }
  }
  if (p.discounts !== undefined) {
    const d = p.discounts?.[0];
    sub.discount = d
      ? redeem(
          ctx,
          { coupon: d.coupon, promotionCode: d.promotion_code },
          { customer: sub.customer, subscription: sub.id, checkoutSession: null },
          now,
          "discounts[0]",
        )
      : null;
  }
  const trialNow = p.trial_end === "now" || (typeof p.trial_end === "number" && p.trial_end <= now);
  if (p.trial_end !== undefined && sub.status === "trialing") {
    if (trialNow) sub.trialEnd = now;
    else sub.trialEnd = p.trial_end as number;
    if (!trialNow) sub.currentPeriodEnd = sub.trialEnd;
  }
  emitUpdated(ctx, "customer.subscription.updated", before, renderSubscription(ctx, sub), now);
  if (trialNow && sub.status === "trialing") endTrial(ctx, sub, now);
  if (invoice) billNow(ctx, invoice, now);
  return renderSubscription(ctx, sub);
}

const cancelSchema = z.strictObject({
  invoice_now: bool().optional(),
  prorate: bool().optional(),
  cancellation_details: z.strictObject({ comment: emptyable(str()).optional(), feedback: str().optional() }).optional(),
  expand: expand(),
});

// https://docs.stripe.com/api/subscriptions/cancel
function cancel(ctx: Ctx, sub: SubscriptionRec, raw: unknown) {
  const p = parseParams(cancelSchema, raw);
  if (p.invoice_now || p.prorate) throw notImplemented("subscription cancellation with invoice_now or prorate");
  if (sub.status === "canceled") {
    throw invalidRequest(`No such subscription: '${sub.id}'`, { code: "resource_missing", status: 404, param: "id" });
  }
  if (p.cancellation_details?.comment !== undefined) sub.cancellationComment = p.cancellation_details.comment;
  endSubscription(ctx, sub, clockNow(ctx, sub.testClock), "cancellation_requested");
  return renderSubscription(ctx, sub);
}

const listSchema = z.strictObject({
  ...listShape,
  customer: str().optional(),
  price: str().optional(),
  status: oneOf([
    "active",
    "all",
    "canceled",
    "ended",
    "incomplete",
    "incomplete_expired",
    "past_due",
    "paused",
    "trialing",
    "unpaid",
  ] as const).optional(),
  test_clock: str().optional(),
});

export const subscriptionRoutes: Route[] = [
  route("POST", "/v1/subscriptions", () => {
    throw notImplemented("creating subscriptions directly (Berth creates them through Checkout)");
  }),
  route("GET", "/v1/subscriptions", (ctx, r) => {
    const p = parseParams(listSchema, r.raw);
    // By default canceled subscriptions are not listed. https://docs.stripe.com/api/subscriptions/list#list_subscriptions-status
    const status = p.status;
    const items = newestFirst(ctx.state.subscriptions.values())
      .filter((s) => {
        if (p.customer !== undefined && s.customer !== p.customer) return false;
        if (p.test_clock !== undefined && s.testClock !== p.test_clock) return false;
        if (p.price !== undefined && !s.items.some((i) => i.price === p.price)) return false;
        if (status === undefined) return s.status !== "canceled";
        if (status === "all") return true;
        if (status === "ended") return s.status === "canceled" || s.status === "incomplete_expired";
        return s.status === status;
      })
      .map((s) => renderSubscription(ctx, s));
    return paginate(items, p, "/v1/subscriptions", "subscription");
  }),
  route("GET", "/v1/subscriptions/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderSubscription(ctx, must(ctx.state.subscriptions, r.params[0]!, "subscription"));
  }),
  route("POST", "/v1/subscriptions/:id", (ctx, r) =>
    update(ctx, must(ctx.state.subscriptions, r.params[0]!, "subscription"), r.raw),
  ),
  route("DELETE", "/v1/subscriptions/:id", (ctx, r) =>
    cancel(ctx, must(ctx.state.subscriptions, r.params[0]!, "subscription"), r.raw),
  ),
];
