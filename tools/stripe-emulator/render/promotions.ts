import type Stripe from "stripe";
import type { CouponRec, DiscountRec, PromotionCodeRec } from "../core/records";

// https://docs.stripe.com/api/coupons/object
export function renderCoupon(c: CouponRec, now: number): Stripe.Coupon {
  const exhausted = c.maxRedemptions !== null && c.timesRedeemed >= c.maxRedemptions;
  const expired = c.redeemBy !== null && c.redeemBy <= now;
  return {
    id: c.id,
    object: "coupon",
    amount_off: c.amountOff,
    created: c.created,
    currency: c.currency,
    duration: c.duration,
    duration_in_months: c.durationInMonths,
    livemode: false,
    max_redemptions: c.maxRedemptions,
    metadata: { ...c.metadata },
    name: c.name,
    percent_off: c.percentOff,
    redeem_by: c.redeemBy,
    times_redeemed: c.timesRedeemed,
    valid: !exhausted && !expired,
  };
}

export function renderDeletedCoupon(id: string): Stripe.DeletedCoupon {
  return { id, object: "coupon", deleted: true };
}

// https://docs.stripe.com/api/promotion_codes/object
export function renderPromotionCode(p: PromotionCodeRec): Stripe.PromotionCode {
  return {
    id: p.id,
    object: "promotion_code",
    active: p.active,
    code: p.code,
    created: p.created,
    customer: p.customer,
    customer_account: null,
    expires_at: p.expiresAt,
    livemode: false,
    max_redemptions: p.maxRedemptions,
    metadata: { ...p.metadata },
    promotion: { coupon: p.coupon, type: "coupon" },
    restrictions: {
      first_time_transaction: p.firstTimeTransaction,
      minimum_amount: p.minimumAmount,
      minimum_amount_currency: p.minimumAmountCurrency,
    },
    times_redeemed: p.timesRedeemed,
  };
}

// https://docs.stripe.com/api/discounts/object
export function renderDiscount(d: DiscountRec): Stripe.Discount {
  return {
    id: d.id,
    object: "discount",
    checkout_session: d.checkoutSession,
    customer: d.customer,
    customer_account: null,
    end: d.end,
    invoice: null,
    invoice_item: null,
    promotion_code: d.promotionCode,
    source: { coupon: d.coupon, type: "coupon" },
    start: d.start,
    subscription: d.subscription,
    subscription_item: null,
  };
}
