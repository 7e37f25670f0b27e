import { z } from "zod";
import type { Ctx } from "../core/context";
import { realNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import type { CouponRec, PromotionCodeRec } from "../core/records";
import { emit, emitUpdated } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import {
  bool,
  expand,
  initialMetadata,
  int,
  listShape,
  mergeMetadata,
  metadata,
  num,
  oneOf,
  parseParams,
  str,
} from "../http/params";
import { route, type Route } from "../http/router";
import { renderCoupon, renderDeletedCoupon, renderPromotionCode } from "../render/promotions";
import { must } from "./common";

// Coupons: https://docs.stripe.com/api/coupons   Promotion codes: https://docs.stripe.com/api/promotion_codes

const couponCreate = z.strictObject({
  id: str().optional(),
  name: str().optional(),
  percent_off: num().optional(),
  amount_off: int(1).optional(),
  currency: str().optional(),
  duration: oneOf(["forever", "once", "repeating"] as const).optional(),
  duration_in_months: int(1).optional(),
  max_redemptions: int(1).optional(),
  redeem_by: int().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

function createCoupon(ctx: Ctx, raw: unknown) {
  const p = parseParams(couponCreate, raw);
  if ((p.percent_off === undefined) === (p.amount_off === undefined)) {
    throw invalidRequest("You must pass exactly one of percent_off or amount_off.", {
      param: p.percent_off === undefined ? "percent_off" : "amount_off",
    });
  }
  if (p.amount_off !== undefined && !p.currency)
    throw invalidRequest("You must pass currency when passing amount_off.", {
      code: "parameter_missing",
      param: "currency",
    });
  const duration = p.duration ?? "once";
  if (duration === "repeating" && !p.duration_in_months) {
    throw invalidRequest("You must pass duration_in_months when duration is repeating.", {
      code: "parameter_missing",
      param: "duration_in_months",
    });
  }
  if (p.id && ctx.state.coupons.has(p.id))
    throw invalidRequest("Coupon already exists.", { code: "resource_already_exists", param: "id" });
  const now = realNow();
  const c: CouponRec = {
    id: p.id ?? newId("x", 8).slice(2),
    created: now,
    name: p.name ?? null,
    percentOff: p.percent_off ?? null,
    amountOff: p.amount_off ?? null,
    currency: p.currency?.toLowerCase() ?? null,
    duration,
    durationInMonths: duration === "repeating" ? (p.duration_in_months ?? null) : null,
    maxRedemptions: p.max_redemptions ?? null,
    redeemBy: p.redeem_by ?? null,
    timesRedeemed: 0,
    metadata: initialMetadata(p.metadata),
  };
  ctx.state.coupons.set(c.id, c);
  const out = renderCoupon(c, now);
  emit(ctx, "coupon.created", out, now);
  return out;
}

const promoCreate = z.strictObject({
  promotion: z.strictObject({ type: oneOf(["coupon"] as const), coupon: str() }),
  code: str().optional(),
  active: bool().optional(),
  customer: str().optional(),
  expires_at: int().optional(),
  max_redemptions: int(1).optional(),
  restrictions: z
    .strictObject({
      first_time_transaction: bool().optional(),
      minimum_amount: int(0).optional(),
      minimum_amount_currency: str().optional(),
    })
    .optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

function createPromotionCode(ctx: Ctx, raw: unknown) {
  const p = parseParams(promoCreate, raw);
  must(ctx.state.coupons, p.promotion.coupon, "coupon", "promotion[coupon]");
  if (p.customer) must(ctx.state.customers, p.customer, "customer", "customer");
  const code = p.code ?? newId("x", 8).slice(2).toUpperCase();
  const clash = [...ctx.state.promotionCodes.values()].some(
    (x) => x.active && x.code.toLowerCase() === code.toLowerCase(),
  );
  if (clash) throw invalidRequest("An active promotion code with `code` already exists.", { param: "code" });
  const now = realNow();
  const promo: PromotionCodeRec = {
    id: newId("promo"),
    created: now,
    code,
    coupon: p.promotion.coupon,
    active: p.active ?? true,
    customer: p.customer ?? null,
    expiresAt: p.expires_at ?? null,
    maxRedemptions: p.max_redemptions ?? null,
    timesRedeemed: 0,
    firstTimeTransaction: p.restrictions?.first_time_transaction ?? false,
    minimumAmount: p.restrictions?.minimum_amount ?? null,
    minimumAmountCurrency: p.restrictions?.minimum_amount_currency ?? null,
    metadata: initialMetadata(p.metadata),
  };
  ctx.state.promotionCodes.set(promo.id, promo);
  const out = renderPromotionCode(promo);
  emit(ctx, "promotion_code.created", out, now);
  return out;
}

export const promotionRoutes: Route[] = [
  route("POST", "/v1/coupons", (ctx, r) => createCoupon(ctx, r.raw)),
  route("GET", "/v1/coupons", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const now = realNow();
    return paginate(
      newestFirst(ctx.state.coupons.values()).map((c) => renderCoupon(c, now)),
      p,
      "/v1/coupons",
      "coupon",
    );
  }),
  route("GET", "/v1/coupons/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderCoupon(must(ctx.state.coupons, r.params[0]!, "coupon"), realNow());
  }),
  route("POST", "/v1/coupons/:id", (ctx, r) => {
    const p = parseParams(
      z.strictObject({ name: str().optional(), metadata: metadata().optional(), expand: expand() }),
      r.raw,
    );
    const c = must(ctx.state.coupons, r.params[0]!, "coupon");
    const now = realNow();
    const before = renderCoupon(c, now);
    if (p.name !== undefined) c.name = p.name;
    c.metadata = mergeMetadata(c.metadata, p.metadata);
    const after = renderCoupon(c, now);
    emitUpdated(ctx, "coupon.updated", before, after, now);
    return after;
  }),
  route("DELETE", "/v1/coupons/:id", (ctx, r) => {
    const c = must(ctx.state.coupons, r.params[0]!, "coupon");
    ctx.state.coupons.delete(c.id);
    emit(ctx, "coupon.deleted", renderCoupon(c, realNow()), realNow());
    return renderDeletedCoupon(c.id);
  }),
  route("POST", "/v1/promotion_codes", (ctx, r) => createPromotionCode(ctx, r.raw)),
  route("GET", "/v1/promotion_codes", (ctx, r) => {
    const p = parseParams(
      z.strictObject({
        ...listShape,
        code: str().optional(),
        active: bool().optional(),
        coupon: str().optional(),
        customer: str().optional(),
      }),
      r.raw,
    );
    const items = newestFirst(ctx.state.promotionCodes.values())
      .filter(
        (x) =>
          (p.code === undefined || x.code.toLowerCase() === p.code.toLowerCase()) &&
          (p.active === undefined || x.active === p.active) &&
          (p.coupon === undefined || x.coupon === p.coupon) &&
          (p.customer === undefined || x.customer === p.customer),
      )
      .map(renderPromotionCode);
    return paginate(items, p, "/v1/promotion_codes", "promotion_code");
  }),
  route("GET", "/v1/promotion_codes/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderPromotionCode(must(ctx.state.promotionCodes, r.params[0]!, "promotion code"));
  }),
  route("POST", "/v1/promotion_codes/:id", (ctx, r) => {
    const p = parseParams(
      z.strictObject({ active: bool().optional(), metadata: metadata().optional(), expand: expand() }),
      r.raw,
    );
    const promo = must(ctx.state.promotionCodes, r.params[0]!, "promotion code");
    const before = renderPromotionCode(promo);
    if (p.active !== undefined) promo.active = p.active;
    promo.metadata = mergeMetadata(promo.metadata, p.metadata);
    const after = renderPromotionCode(promo);
    emitUpdated(ctx, "promotion_code.updated", before, after, realNow());
    return after;
  }),
];
