import type { Ctx } from "../core/context";
import { cardDeclined, resourceMissing } from "../core/errors";
import { newId } from "../core/ids";
import type { CardBehavior, PaymentMethodRec } from "../core/records";

// Test payment methods: https://docs.stripe.com/testing#cards and https://docs.stripe.com/testing#declined-payments
//   pm_card_visa (4242…)               succeeds
//   pm_card_chargeCustomerFail (…0341) attaches to a customer, but every charge fails (card_declined)
//   pm_card_chargeDeclined (…0002)     declined (generic_decline), so it cannot be attached either
export const TEST_TOKENS: Record<string, { last4: string; behavior: CardBehavior }> = {
  pm_card_visa: { last4: "4242", behavior: "succeeds" },
  pm_card_chargeCustomerFail: { last4: "0341", behavior: "charge_fails" },
  pm_card_chargeDeclined: { last4: "0002", behavior: "declined" },
};

/** Test card numbers the hosted Checkout/Portal pages accept, mapped to their tokens. */
export const TEST_CARD_NUMBERS: Record<string, string> = {
  "4242424242424242": "pm_card_visa",
  "4000000000000341": "pm_card_chargeCustomerFail",
  "4000000000000002": "pm_card_chargeDeclined",
};

/** A test token yields a fresh PaymentMethod each time it is used, as in Stripe test mode. */
export function paymentMethodFromToken(
  ctx: Ctx,
  token: string,
  now: number,
  param = "payment_method",
): PaymentMethodRec {
  const existing = ctx.state.paymentMethods.get(token);
  if (existing) return existing;
  const spec = TEST_TOKENS[token];
  if (!spec) throw resourceMissing("PaymentMethod", token, param);
  const pm: PaymentMethodRec = {
    id: newId("pm"),
    created: now,
    customer: null,
    brand: "visa",
    last4: spec.last4,
    expMonth: 12,
    expYear: new Date(now * 1000).getUTCFullYear() + 3,
    behavior: spec.behavior,
    metadata: {},
  };
  ctx.state.paymentMethods.set(pm.id, pm);
  return pm;
}

/** Attaching runs a card check; a card that is always declined cannot be attached. https://docs.stripe.com/api/payment_methods/attach */
export function assertAttachable(pm: PaymentMethodRec): void {
  if (pm.behavior === "declined") throw cardDeclined("generic_decline");
}

export type ChargeResult = { ok: true } | { ok: false; code: string; declineCode: string | null; message: string };

export function charge(ctx: Ctx, paymentMethodId: string | null): ChargeResult {
  const pm = paymentMethodId ? ctx.state.paymentMethods.get(paymentMethodId) : undefined;
  if (!pm) {
    return {
      ok: false,
      code: "invoice_no_payment_method",
      declineCode: null,
      message: "The customer has no default payment method.",
    };
  }
  if (pm.behavior === "succeeds") return { ok: true };
  return { ok: false, code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
}

/** The payment method an invoice is charged with: the subscription's, else the customer's default. */
export function billingPaymentMethod(ctx: Ctx, customerId: string, subscriptionId: string | null): string | null {
  const sub = subscriptionId ? ctx.state.subscriptions.get(subscriptionId) : undefined;
  if (sub?.defaultPaymentMethod) return sub.defaultPaymentMethod;
  return ctx.state.customers.get(customerId)?.defaultPaymentMethod ?? null;
}
