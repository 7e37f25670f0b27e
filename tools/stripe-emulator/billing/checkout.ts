import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import type { CheckoutSessionRec, CustomerRec, PromotionCodeRec, SubscriptionRec } from "../core/records";
import { emit } from "../events/emit";
import { renderCheckoutSession } from "../render/checkout";
import { renderCustomer, renderPaymentMethod } from "../render/customer";
import { renderSubscription } from "../render/subscription";
import { collectInvoice } from "./collect";
import { discountAmount, redeem, resolveRedeemable } from "./discounts";
import { assembleInvoice, finalizeInvoice, storeInvoice } from "./invoices";
import { mutateSubscription } from "./lifecycle";
import { requirePrice, subscriptionLines } from "./lines";
import { cardDeclined } from "../core/errors";
import { paymentMethodFromToken } from "./payments";
import { nextPeriodEnd } from "./renewal";

// Completing a Checkout Session in subscription mode, as the hosted page would.
// https://docs.stripe.com/payments/checkout/how-checkout-works and https://docs.stripe.com/billing/subscriptions/build-subscriptions?ui=stripe-hosted
// Order of events: customer.created, payment_method.attached, customer.subscription.created, invoice.created,
// invoice.finalized, invoice.paid, invoice.payment_succeeded, (customer.subscription.updated), checkout.session.completed.

export interface CompleteInput {
  /** A test token (pm_card_visa …) or null for "no card" (only when payment_method_collection=if_required and nothing is due). */
  paymentMethod: string | null;
  /** A promotion code typed by the customer (allow_promotion_codes). */
  promotionCode?: string | null;
}

export function sessionTrialEnd(s: CheckoutSessionRec, now: number): number | null {
  if (s.trialEnd !== null) return s.trialEnd;
  if (s.trialPeriodDays !== null) return now + s.trialPeriodDays * 86400;
  return null;
}

export function findPromotionCode(ctx: Ctx, code: string) {
  const promo = [...ctx.state.promotionCodes.values()].find(
    (p) => p.active && p.code.toLowerCase() === code.trim().toLowerCase(),
  );
  if (!promo)
    throw invalidRequest(`This code is invalid: ${code}`, { code: "resource_missing", param: "promotion_code" });
  return promo;
}

// Promotion code restrictions: https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-restrictions
function assertPromotionRestrictions(
  ctx: Ctx,
  promo: PromotionCodeRec,
  customer: string | null,
  subtotal: number,
): void {
  const refuse = (why: string) =>
    invalidRequest(`This promotion code cannot be applied: ${why}`, { param: "promotion_code" });
  if (promo.customer !== null && promo.customer !== customer) throw refuse("it is for another customer.");
  if (promo.minimumAmount !== null && subtotal < promo.minimumAmount)
    throw refuse(`the order is below the minimum of ${promo.minimumAmount}.`);
  if (promo.firstTimeTransaction && customer) {
    const paidBefore = [...ctx.state.invoices.values()].some(
      (i) => i.customer === customer && i.status === "paid" && i.amountPaid > 0,
    );
    if (paidBefore) throw refuse("it is only for a first purchase.");
  }
}

export function completeCheckout(ctx: Ctx, s: CheckoutSessionRec, input: CompleteInput): CheckoutSessionRec {
  if (s.status !== "open")
    throw invalidRequest(`This Checkout Session is ${s.status} and can no longer be completed.`, {
      code: "checkout_session_not_open",
    });
  const now = clockNow(ctx, s.testClock);
  const trialEnd = sessionTrialEnd(s, now);
  let ref = s.discounts[0] ?? null;
  if (input.promotionCode) {
    if (!s.allowPromotionCodes)
      throw invalidRequest("Promotion codes are not enabled for this Checkout Session.", { param: "promotion_code" });
    ref = { coupon: null, promotionCode: findPromotionCode(ctx, input.promotionCode).id };
  }
  const redeemable = ref ? resolveRedeemable(ctx, ref, now, "discounts") : null;
  const coupon = redeemable?.coupon ?? null;
  const subtotal = s.lineItems.reduce((sum, l) => sum + requirePrice(ctx, l.price).unitAmount * l.quantity, 0);
  if (redeemable?.promo) assertPromotionRestrictions(ctx, redeemable.promo, s.customer, subtotal);
  const dueNow = trialEnd !== null ? 0 : subtotal - (coupon ? discountAmount(coupon, subtotal) : 0);
  // Decide everything that can fail before changing any state: a failed attempt leaves the session open.
  if (input.paymentMethod === null && (s.paymentMethodCollection === "always" || dueNow > 0)) {
    throw invalidRequest("A payment method is required to complete this Checkout Session.", {
      code: "parameter_missing",
      param: "payment_method",
    });
  }
  const pm = input.paymentMethod ? paymentMethodFromToken(ctx, input.paymentMethod, now) : null;
  if (pm && (pm.behavior === "declined" || (pm.behavior === "charge_fails" && dueNow > 0)))
    throw cardDeclined("generic_decline");
  if (pm && pm.customer && pm.customer !== s.customer)
    throw invalidRequest("This payment method belongs to another customer.", { param: "payment_method" });

  let customer: CustomerRec | undefined = s.customer ? ctx.state.customers.get(s.customer) : undefined;
  if (!customer) {
    customer = {
      id: newId("cus", 14),
      created: now,
      email: s.customerEmail,
      name: null,
      description: null,
      phone: null,
      metadata: {},
      balance: 0,
      currency: s.currency,
      defaultPaymentMethod: null,
      testClock: s.testClock,
      invoicePrefix: newId("x", 8).slice(2).toUpperCase(),
      nextInvoiceSequence: 1,
      address: null,
    };
    ctx.state.customers.set(customer.id, customer);
    emit(ctx, "customer.created", renderCustomer(customer), now);
  }
  if (pm && pm.customer !== customer.id) {
    pm.customer = customer.id;
    emit(ctx, "payment_method.attached", renderPaymentMethod(pm), now);
  }
  const sub = createSubscription(ctx, s, customer, pm?.id ?? null, trialEnd, now);
  if (ref)
    sub.discount = redeem(
      ctx,
      ref,
      { customer: customer.id, subscription: sub.id, checkoutSession: s.id },
      now,
      "discounts",
    );
  emit(ctx, "customer.subscription.created", renderSubscription(ctx, sub), now);

  const inv = assembleInvoice(ctx, {
    customer: customer.id,
    sub,
    lines: subscriptionLines(ctx, sub, sub.currentPeriodStart, sub.currentPeriodEnd, trialEnd !== null),
    reason: "subscription_create",
    periodStart: now,
    periodEnd: now,
    now,
    preview: false,
  });
  storeInvoice(ctx, inv, now);
  finalizeInvoice(ctx, inv, now);
  collectInvoice(ctx, inv, now, { automatic: false });
  if (sub.status === "incomplete") mutateSubscription(ctx, sub, now, () => (sub.status = "active"));

  s.status = "complete";
  s.customer = customer.id;
  s.subscription = sub.id;
  s.invoice = inv.id;
  s.amountSubtotal = trialEnd !== null ? 0 : subtotal;
  s.amountDiscount = inv.discount?.amount ?? 0;
  s.amountTotal = inv.total;
  s.paymentStatus = inv.amountDue > 0 ? "paid" : "no_payment_required";
  if (ref) s.discounts = [ref];
  emit(ctx, "checkout.session.completed", renderCheckoutSession(ctx, s), now);
  return s;
}

function createSubscription(
  ctx: Ctx,
  s: CheckoutSessionRec,
  customer: CustomerRec,
  pm: string | null,
  trialEnd: number | null,
  now: number,
): SubscriptionRec {
  const sub: SubscriptionRec = {
    id: newId("sub"),
    customer: customer.id,
    created: now,
    startDate: now,
    status: trialEnd !== null ? "trialing" : "incomplete",
    items: s.lineItems.map((l) => ({
      id: newId("si"),
      created: now,
      price: l.price,
      quantity: l.quantity,
      metadata: {},
    })),
    currency: s.currency,
    currentPeriodStart: now,
    currentPeriodEnd: now,
    billingCycleAnchor: trialEnd ?? now,
    trialStart: trialEnd !== null ? now : null,
    trialEnd,
    trialWillEndSent: false,
    upcomingNotifiedFor: null,
    missingPaymentMethod: s.missingPaymentMethod,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    cancellationReason: null,
    cancellationComment: null,
    metadata: { ...s.subscriptionMetadata },
    defaultPaymentMethod: pm,
    latestInvoice: null,
    discount: null,
    testClock: customer.testClock,
    description: null,
  };
  sub.currentPeriodEnd = trialEnd ?? nextPeriodEnd(ctx, sub, now);
  ctx.state.subscriptions.set(sub.id, sub);
  return sub;
}
