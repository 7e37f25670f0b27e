import Stripe from "stripe";
import type { PriceRec, ProductRec } from "../core/records";

// https://docs.stripe.com/api/products/object
export function renderProduct(p: ProductRec): Stripe.Product {
  return {
    id: p.id,
    object: "product",
    active: p.active,
    created: p.created,
    default_price: p.defaultPrice,
    description: p.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: { ...p.metadata },
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: p.updated,
    url: null,
  };
}

export function renderDeletedProduct(id: string): Stripe.DeletedProduct {
  return { id, object: "product", deleted: true };
}

// https://docs.stripe.com/api/prices/object
export function renderPrice(p: PriceRec): Stripe.Price {
  return {
    id: p.id,
    object: "price",
    active: p.active,
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookupKey,
    metadata: { ...p.metadata },
    nickname: p.nickname,
    product: p.product,
    recurring: p.recurring
      ? {
          interval: p.recurring.interval,
          interval_count: p.recurring.intervalCount,
          meter: null,
          trial_period_days: p.recurring.trialPeriodDays,
          usage_type: "licensed",
        }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? "recurring" : "one_time",
    unit_amount: p.unitAmount,
    unit_amount_decimal: Stripe.Decimal.from(String(p.unitAmount)),
  };
}

// Subscription items still carry the legacy Plan view of their price. https://docs.stripe.com/api/plans/object
export function renderPlan(p: PriceRec): Stripe.Plan {
  return {
    id: p.id,
    object: "plan",
    active: p.active,
    amount: p.unitAmount,
    amount_decimal: Stripe.Decimal.from(String(p.unitAmount)),
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    interval: p.recurring?.interval ?? "month",
    interval_count: p.recurring?.intervalCount ?? 1,
    livemode: false,
    metadata: { ...p.metadata },
    meter: null,
    nickname: p.nickname,
    product: p.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: p.recurring?.trialPeriodDays ?? null,
    usage_type: "licensed",
  };
}
