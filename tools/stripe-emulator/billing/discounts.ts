import type { Ctx } from "../core/context";
import { invalidRequest, resourceMissing } from "../core/errors";
import { newId } from "../core/ids";
import type { CouponRec, DiscountRec } from "../core/records";
import { addInterval } from "../core/time";

// Coupons and their `duration`: once (first invoice only), repeating (duration_in_months), forever.
// https://docs.stripe.com/billing/subscriptions/coupons#coupon-duration

export function discountAmount(coupon: CouponRec, subtotal: number): number {
  if (subtotal <= 0) return 0;
  if (coupon.percentOff !== null) return Math.round((subtotal * coupon.percentOff) / 100);
  return Math.min(coupon.amountOff ?? 0, subtotal);
}

export function discountApplies(d: DiscountRec, at: number): boolean {
  if (d.end !== null && at >= d.end) return false;
  return true;
}

/** Checks a coupon (or promotion code) can be redeemed now. https://docs.stripe.com/api/coupons/object#coupon_object-valid */
export function resolveRedeemable(
  ctx: Ctx,
  ref: { coupon?: string | null; promotionCode?: string | null },
  now: number,
  param: string,
) {
  let promo = null;
  let couponId = ref.coupon ?? null;
  if (ref.promotionCode) {
    promo = ctx.state.promotionCodes.get(ref.promotionCode) ?? null;
    if (!promo) throw resourceMissing("promotion code", ref.promotionCode, param);
    const spent = promo.maxRedemptions !== null && promo.timesRedeemed >= promo.maxRedemptions;
    if (!promo.active || spent || (promo.expiresAt !== null && promo.expiresAt <= now)) {
      throw invalidRequest(`This promotion code cannot be redeemed: ${promo.code}`, { param, code: "coupon_expired" });
    }
    couponId = promo.coupon;
  }
  if (!couponId) throw invalidRequest("A discount needs a coupon or a promotion_code.", { param });
  const coupon = ctx.state.coupons.get(couponId);
  if (!coupon) throw resourceMissing("coupon", couponId, param);
  const spent = coupon.maxRedemptions !== null && coupon.timesRedeemed >= coupon.maxRedemptions;
  if (spent || (coupon.redeemBy !== null && coupon.redeemBy <= now)) {
    throw invalidRequest(`Coupon expired: ${coupon.id}`, { param, code: "coupon_expired" });
  }
  return { coupon, promo };
}

export function redeem(
  ctx: Ctx,
  ref: { coupon?: string | null; promotionCode?: string | null },
  owner: { customer: string | null; subscription: string | null; checkoutSession: string | null },
  now: number,
  param: string,
): DiscountRec {
  const { coupon, promo } = resolveRedeemable(ctx, ref, now, param);
  coupon.timesRedeemed += 1;
  if (promo) promo.timesRedeemed += 1;
  const discount: DiscountRec = {
    id: newId("di"),
    coupon: coupon.id,
    promotionCode: promo?.id ?? null,
    customer: owner.customer,
    subscription: owner.subscription,
    checkoutSession: owner.checkoutSession,
    start: now,
    end:
      coupon.duration === "repeating" && coupon.durationInMonths
        ? addInterval(now, "month", coupon.durationInMonths)
        : null,
    used: false,
  };
  ctx.state.discounts.set(discount.id, discount);
  return discount;
}
