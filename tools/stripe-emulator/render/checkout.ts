import type Stripe from "stripe";
import type { Ctx } from "../core/context";
import type { CheckoutSessionRec } from "../core/records";
import { renderPrice } from "./catalog";

// https://docs.stripe.com/api/checkout/sessions/line_items
export function renderCheckoutLineItems(ctx: Ctx, s: CheckoutSessionRec): Stripe.LineItem[] {
  return s.lineItems.map((l) => {
    const price = ctx.state.prices.get(l.price);
    const product = price ? ctx.state.products.get(price.product) : undefined;
    const amount = (price?.unitAmount ?? 0) * l.quantity;
    return {
      id: l.id,
      object: "item",
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price?.currency ?? s.currency,
      description: product?.name ?? null,
      metadata: {},
      price: price ? renderPrice(price) : null,
      quantity: l.quantity,
    };
  });
}

// https://docs.stripe.com/api/checkout/sessions/object
export function renderCheckoutSession(ctx: Ctx, s: CheckoutSessionRec): Stripe.Checkout.Session {
  const customer = s.customer ? ctx.state.customers.get(s.customer) : undefined;
  return {
    id: s.id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: s.allowPromotionCodes ? true : null,
    allowed_payment_method_types: null,
    amount_subtotal: s.amountSubtotal,
    amount_total: s.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    collected_information:
      s.status === "complete" ? { business_name: null, individual_name: null, shipping_details: null } : null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customer,
    customer_account: null,
    customer_creation: s.customer ? null : "always",
    customer_details:
      s.status === "complete"
        ? {
            address: null,
            business_name: null,
            email: customer?.email ?? s.customerEmail,
            individual_name: null,
            name: customer?.name ?? null,
            phone: null,
            tax_exempt: "none",
            tax_ids: [],
          }
        : null,
    customer_email: s.customerEmail,
    discounts: s.discounts.map((d) => ({ coupon: d.coupon, promotion_code: d.promotionCode })),
    expires_at: s.expiresAt,
    integration_identifier: null,
    invoice: s.invoice,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: { ...s.metadata },
    mode: s.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: s.paymentMethodCollection,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: s.paymentStatus,
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: s.status,
    submit_type: null,
    subscription: s.subscription,
    success_url: s.successUrl,
    total_details: { amount_discount: s.amountDiscount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    url: s.status === "open" ? `${ctx.baseUrl}/checkout/${s.id}` : null,
    wallet_options: null,
  };
}
