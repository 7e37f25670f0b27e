import type Stripe from "stripe";
import type { Ctx } from "../core/context";
import type { SubscriptionItemRec, SubscriptionRec } from "../core/records";
import { renderPlan, renderPrice } from "./catalog";
import { renderDiscount } from "./promotions";

function priceOf(ctx: Ctx, id: string) {
  const p = ctx.state.prices.get(id);
  if (!p) throw new Error(`emulator invariant: price ${id} missing`);
  return p;
}

// https://docs.stripe.com/api/subscription_items/object (periods live on items since 2025-03-31.basil)
export function renderSubscriptionItem(
  ctx: Ctx,
  sub: SubscriptionRec,
  item: SubscriptionItemRec,
): Stripe.SubscriptionItem {
  const price = priceOf(ctx, item.price);
  return {
    id: item.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: item.created,
    current_period_end: sub.currentPeriodEnd,
    current_period_start: sub.currentPeriodStart,
    current_trial: null,
    discounts: [],
    metadata: { ...item.metadata },
    plan: renderPlan(price),
    price: renderPrice(price),
    quantity: item.quantity,
    subscription: sub.id,
    tax_rates: [],
  };
}

// https://docs.stripe.com/api/subscriptions/object
export function renderSubscription(ctx: Ctx, s: SubscriptionRec): Stripe.Subscription {
  return {
    id: s.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: s.billingCycleAnchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: s.cancelAt,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: s.canceledAt,
    cancellation_details: {
      comment: s.cancellationComment,
      feedback: null,
      feedback_option: null,
      reason: s.cancellationReason,
    },
    collection_method: "charge_automatically",
    created: s.created,
    currency: s.currency,
    customer: s.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: s.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: s.description,
    discounts: s.discount ? [renderDiscount(s.discount).id] : [],
    ended_at: s.endedAt,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: s.items.map((i) => renderSubscriptionItem(ctx, s, i)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
    latest_invoice: s.latestInvoice,
    livemode: false,
    managed_payments: null,
    metadata: { ...s.metadata },
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: s.startDate,
    status: s.status,
    test_clock: s.testClock,
    transfer_data: null,
    trial_end: s.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: s.missingPaymentMethod } },
    trial_start: s.trialStart,
  };
}
