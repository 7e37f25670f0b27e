import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow, customerClock } from "../core/context";
import { invalidRequest, notImplemented } from "../core/errors";
import { newId } from "../core/ids";
import type { CheckoutSessionRec } from "../core/records";
import { emit } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import { bool, expand, initialMetadata, int, list, listShape, metadata, oneOf, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderCheckoutLineItems, renderCheckoutSession } from "../render/checkout";
import { discountAmount, resolveRedeemable } from "../billing/discounts";
import { must, requireCustomer, requirePriceParam } from "./common";

// Checkout Sessions (mode=subscription only): https://docs.stripe.com/api/checkout/sessions

const createSchema = z.strictObject({
  mode: str(),
  customer: str().optional(),
  customer_email: str().optional(),
  client_reference_id: str().max(200).optional(),
  metadata: metadata().optional(),
  line_items: list(z.strictObject({ price: str(), quantity: int(1).optional() })).optional(),
  subscription_data: z
    .strictObject({
      metadata: metadata().optional(),
      trial_end: int().optional(),
      trial_period_days: int(1).optional(),
      trial_settings: z
        .strictObject({
          end_behavior: z.strictObject({
            missing_payment_method: oneOf(["cancel", "create_invoice", "pause"] as const),
          }),
        })
        .optional(),
      description: str().optional(),
    })
    .optional(),
  payment_method_collection: oneOf(["always", "if_required"] as const).optional(),
  payment_method_types: list(oneOf(["card"] as const)).optional(),
  allow_promotion_codes: bool().optional(),
  discounts: list(z.strictObject({ coupon: str().optional(), promotion_code: str().optional() })).optional(),
  success_url: str().optional(),
  cancel_url: str().optional(),
  expires_at: int().optional(),
  ui_mode: oneOf(["hosted_page", "hosted"] as const).optional(),
  expand: expand(),
});

function create(ctx: Ctx, raw: unknown) {
  const p = parseParams(createSchema, raw);
  if (p.mode !== "subscription") throw notImplemented(`Checkout Sessions in mode '${p.mode}' (only mode=subscription)`);
  if (p.customer && p.customer_email) {
    throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", {
      code: "parameters_exclusive",
      param: "customer_email",
    });
  }
  // https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts
  if (p.allow_promotion_codes && p.discounts?.length) {
    throw invalidRequest("You may only specify one of these parameters: allow_promotion_codes, discounts.", {
      code: "parameters_exclusive",
      param: "discounts",
    });
  }
  if (!p.line_items?.length)
    throw invalidRequest("line_items is required in subscription mode.", {
      code: "parameter_missing",
      param: "line_items",
    });
  const customer = p.customer ? requireCustomer(ctx, p.customer) : undefined;
  const clock = customerClock(ctx, customer?.id ?? null);
  const now = clockNow(ctx, clock);
  const prices = p.line_items.map((l, i) => requirePriceParam(ctx, l.price, `line_items[${i}][price]`));
  if (prices.some((x) => !x.recurring)) {
    throw invalidRequest("You must provide at least one recurring price in `subscription` mode when using prices.", {
      param: "line_items",
    });
  }
  const currency = prices[0]!.currency;
  if (prices.some((x) => x.currency !== currency))
    throw invalidRequest("All prices must use the same currency.", { param: "line_items" });
  const trialEnd = p.subscription_data?.trial_end ?? null;
  // https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-subscription_data-trial_end
  if (trialEnd !== null && trialEnd < now + 48 * 3600) {
    throw invalidRequest("subscription_data[trial_end] must be at least 48 hours in the future.", {
      param: "subscription_data[trial_end]",
    });
  }
  if ((p.discounts?.length ?? 0) > 1)
    throw invalidRequest("Only one discount can be applied to a Checkout Session here.", { param: "discounts" });
  const subtotal = prices.reduce((sum, price, i) => sum + price.unitAmount * (p.line_items![i]!.quantity ?? 1), 0);
  let discountOff = 0;
  const discounts = (p.discounts ?? []).map((d, i) => {
    const { coupon } = resolveRedeemable(
      ctx,
      { coupon: d.coupon, promotionCode: d.promotion_code },
      now,
      `discounts[${i}]`,
    );
    discountOff = discountAmount(coupon, subtotal);
    return { coupon: d.coupon ?? null, promotionCode: d.promotion_code ?? null };
  });
  const trial = trialEnd !== null || p.subscription_data?.trial_period_days !== undefined;
  const s: CheckoutSessionRec = {
    id: newId("cs_test", 58),
    created: now,
    expiresAt: p.expires_at ?? now + ctx.config.checkoutExpirySeconds,
    mode: "subscription",
    status: "open",
    paymentStatus: "unpaid",
    customer: customer?.id ?? null,
    customerEmail: p.customer_email ?? null,
    clientReferenceId: p.client_reference_id ?? null,
    metadata: initialMetadata(p.metadata),
    lineItems: p.line_items.map((l) => ({ id: newId("li"), price: l.price, quantity: l.quantity ?? 1 })),
    subscriptionMetadata: initialMetadata(p.subscription_data?.metadata),
    trialEnd,
    trialPeriodDays: p.subscription_data?.trial_period_days ?? null,
    missingPaymentMethod: p.subscription_data?.trial_settings?.end_behavior.missing_payment_method ?? "create_invoice",
    paymentMethodCollection: p.payment_method_collection ?? "always",
    allowPromotionCodes: p.allow_promotion_codes ?? false,
    discounts,
    successUrl: p.success_url ?? null,
    cancelUrl: p.cancel_url ?? null,
    subscription: null,
    invoice: null,
    currency,
    amountSubtotal: trial ? 0 : subtotal,
    amountTotal: trial ? 0 : subtotal - discountOff,
    amountDiscount: trial ? 0 : discountOff,
    testClock: clock,
  };
  ctx.state.checkoutSessions.set(s.id, s);
  return renderCheckoutSession(ctx, s);
}

const listSchema = z.strictObject({
  ...listShape,
  customer: str().optional(),
  subscription: str().optional(),
  status: oneOf(["open", "complete", "expired"] as const).optional(),
  client_reference_id: str().optional(),
});

export const checkoutRoutes: Route[] = [
  route("POST", "/v1/checkout/sessions", (ctx, r) => create(ctx, r.raw)),
  route("GET", "/v1/checkout/sessions", (ctx, r) => {
    const p = parseParams(listSchema, r.raw);
    const items = newestFirst(ctx.state.checkoutSessions.values())
      .filter(
        (s) =>
          (p.customer === undefined || s.customer === p.customer) &&
          (p.subscription === undefined || s.subscription === p.subscription) &&
          (p.status === undefined || s.status === p.status) &&
          (p.client_reference_id === undefined || s.clientReferenceId === p.client_reference_id),
      )
      .map((s) => renderCheckoutSession(ctx, s));
    return paginate(items, p, "/v1/checkout/sessions", "checkout session");
  }),
  route("GET", "/v1/checkout/sessions/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderCheckoutSession(ctx, must(ctx.state.checkoutSessions, r.params[0]!, "checkout session"));
  }),
  route("GET", "/v1/checkout/sessions/:id/line_items", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const s = must(ctx.state.checkoutSessions, r.params[0]!, "checkout session");
    return paginate(renderCheckoutLineItems(ctx, s), p, `/v1/checkout/sessions/${s.id}/line_items`, "line item");
  }),
  // https://docs.stripe.com/api/checkout/sessions/expire
  route("POST", "/v1/checkout/sessions/:id/expire", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    const s = must(ctx.state.checkoutSessions, r.params[0]!, "checkout session");
    if (s.status !== "open") {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
      );
    }
    s.status = "expired";
    const out = renderCheckoutSession(ctx, s);
    emit(ctx, "checkout.session.expired", out, clockNow(ctx, s.testClock));
    return out;
  }),
];
