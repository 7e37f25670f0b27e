import Stripe from "stripe";
import type { Ctx } from "../core/context";
import type { InvoiceLineRec, InvoiceRec } from "../core/records";

// https://docs.stripe.com/api/invoice-line-item/object
export function renderInvoiceLine(ctx: Ctx, inv: InvoiceRec, l: InvoiceLineRec): Stripe.InvoiceLineItem {
  const price = l.price ? ctx.state.prices.get(l.price) : undefined;
  const subscriptionDetails: Stripe.InvoiceLineItem.Parent.SubscriptionItemDetails | null = l.subscriptionItem
    ? {
        invoice_item: l.invoiceItem,
        proration: l.proration,
        proration_details: { credited_items: null },
        subscription: inv.subscription,
        subscription_item: l.subscriptionItem,
      }
    : null;
  return {
    id: l.id,
    object: "line_item",
    amount: l.amount,
    currency: inv.currency,
    description: l.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: inv.preview ? null : inv.id,
    livemode: false,
    metadata: {},
    parent: subscriptionDetails
      ? {
          invoice_item_details: null,
          subscription_item_details: subscriptionDetails,
          type: "subscription_item_details",
        }
      : l.invoiceItem
        ? {
            invoice_item_details: {
              invoice_item: l.invoiceItem,
              proration: l.proration,
              proration_details: null,
              subscription: inv.subscription,
            },
            subscription_item_details: null,
            type: "invoice_item_details",
          }
        : null,
    period: { end: l.periodEnd, start: l.periodStart },
    pretax_credit_amounts: [],
    pricing: price
      ? {
          price_details: { price: price.id, product: price.product },
          type: "price_details",
          unit_amount_decimal: Stripe.Decimal.from(String(price.unitAmount)),
        }
      : null,
    quantity: l.quantity,
    quantity_decimal: Stripe.Decimal.from(String(l.quantity)),
    subscription: inv.subscription,
    subtotal: l.amount,
    taxes: [],
  };
}

export function creditedAmount(ctx: Ctx, invoiceId: string): number {
  let sum = 0;
  for (const note of ctx.state.creditNotes.values()) if (note.invoice === invoiceId) sum += note.amount;
  return sum;
}

// https://docs.stripe.com/api/invoices/object
export function renderInvoice(ctx: Ctx, inv: InvoiceRec): Stripe.Invoice {
  const customer = ctx.state.customers.get(inv.customer);
  const open = inv.status === "open";
  const hosted = inv.preview || inv.status === "draft" ? null : `${ctx.baseUrl}/invoices/${inv.id}`;
  return {
    id: inv.id,
    object: "invoice",
    account_country: "US",
    account_name: "Berth (Stripe emulator)",
    account_tax_ids: null,
    amount_due: inv.amountDue,
    amount_overpaid: 0,
    amount_paid: inv.amountPaid,
    amount_remaining: inv.status === "paid" || inv.status === "void" ? 0 : inv.amountDue - inv.amountPaid,
    amount_shipping: 0,
    application: null,
    attempt_count: inv.attemptCount,
    attempted: inv.attempted,
    auto_advance: inv.status === "draft" || open,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: inv.automaticallyFinalizesAt,
    billing_reason: inv.billingReason,
    collection_method: "charge_automatically",
    created: inv.created,
    currency: inv.currency,
    custom_fields: null,
    customer: inv.customer,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: inv.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: inv.discount ? [inv.discount.id] : [],
    due_date: null,
    effective_at: inv.finalizedAt,
    ending_balance: inv.endingBalance,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted ? `${hosted}/pdf` : null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: "list",
      data: inv.lines.map((l) => renderInvoiceLine(ctx, inv, l)),
      has_more: false,
      url: `/v1/invoices/${inv.id}/lines`,
    },
    livemode: false,
    metadata: { ...inv.metadata },
    next_payment_attempt: inv.nextPaymentAttempt,
    number: inv.number,
    on_behalf_of: null,
    parent: inv.subscription
      ? {
          quote_details: null,
          subscription_details: {
            metadata: inv.subscriptionMetadata ? { ...inv.subscriptionMetadata } : null,
            subscription: inv.subscription,
          },
          type: "subscription_details",
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: inv.periodEnd,
    period_start: inv.periodStart,
    post_payment_credit_notes_amount: creditedAmount(ctx, inv.id),
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: inv.startingBalance,
    statement_descriptor: null,
    status: inv.status,
    status_transitions: {
      finalized_at: inv.finalizedAt,
      marked_uncollectible_at: inv.markedUncollectibleAt,
      paid_at: inv.paidAt,
      voided_at: inv.voidedAt,
    },
    subtotal: inv.subtotal,
    subtotal_excluding_tax: inv.subtotal,
    test_clock: inv.testClock,
    total: inv.total,
    total_discount_amounts: inv.discount ? [{ amount: inv.discount.amount, discount: inv.discount.id }] : [],
    total_excluding_tax: inv.total,
    total_pretax_credit_amounts: inv.discount
      ? [{ amount: inv.discount.amount, discount: inv.discount.id, type: "discount" }]
      : [],
    total_taxes: [],
    webhooks_delivered_at: inv.finalizedAt,
  };
}
