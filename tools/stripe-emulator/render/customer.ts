import type Stripe from "stripe";
import type { AddressRec, BalanceTransactionRec, CustomerRec, PaymentMethodRec, TaxIdRec } from "../core/records";

function renderAddress(a: AddressRec | null): Stripe.Address | null {
  if (!a) return null;
  return {
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    state: a.state,
    postal_code: a.postalCode,
    country: a.country,
  };
}

// https://docs.stripe.com/api/customers/object
export function renderCustomer(c: CustomerRec): Stripe.Customer {
  return {
    id: c.id,
    object: "customer",
    address: renderAddress(c.address),
    balance: c.balance,
    created: c.created,
    currency: c.currency,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: c.description,
    discount: null,
    email: c.email,
    invoice_prefix: c.invoicePrefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: c.defaultPaymentMethod,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: { ...c.metadata },
    name: c.name,
    next_invoice_sequence: c.nextInvoiceSequence,
    phone: c.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: c.testClock,
  };
}

export function renderDeletedCustomer(id: string): Stripe.DeletedCustomer {
  return { id, object: "customer", deleted: true };
}

// https://docs.stripe.com/api/customer_balance_transactions/object
export function renderBalanceTransaction(t: BalanceTransactionRec): Stripe.CustomerBalanceTransaction {
  return {
    id: t.id,
    object: "customer_balance_transaction",
    amount: t.amount,
    checkout_session: null,
    created: t.created,
    credit_note: null,
    currency: t.currency,
    customer: t.customer,
    customer_account: null,
    description: t.description,
    ending_balance: t.endingBalance,
    invoice: t.invoice,
    livemode: false,
    metadata: { ...t.metadata },
    type: t.type,
  };
}

// https://docs.stripe.com/api/payment_methods/object
export function renderPaymentMethod(pm: PaymentMethodRec): Stripe.PaymentMethod {
  return {
    id: pm.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: pm.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: pm.brand,
      exp_month: pm.expMonth,
      exp_year: pm.expYear,
      fingerprint: `emu${pm.last4}${pm.brand}`,
      funding: "credit",
      generated_from: null,
      last4: pm.last4,
      networks: { available: [pm.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: pm.created,
    customer: pm.customer,
    customer_account: null,
    livemode: false,
    metadata: { ...pm.metadata },
    type: "card",
  };
}

// https://docs.stripe.com/api/tax_ids/object
export function renderTaxId(t: TaxIdRec): Stripe.TaxId {
  return {
    id: t.id,
    object: "tax_id",
    country: t.country,
    created: t.created,
    customer: t.customer,
    customer_account: null,
    livemode: false,
    owner: { type: "customer", customer: t.customer, customer_account: null },
    type: t.type,
    value: t.value,
    verification: { status: "unavailable", verified_address: null, verified_name: null },
  };
}
