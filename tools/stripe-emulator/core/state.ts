import type Stripe from "stripe";
import type {
  BalanceTransactionRec,
  CheckoutSessionRec,
  CouponRec,
  CreditNoteRec,
  CustomerRec,
  DiscountRec,
  InvoiceRec,
  PaymentMethodRec,
  PendingItemRec,
  PortalSessionRec,
  PriceRec,
  ProductRec,
  PromotionCodeRec,
  SubscriptionRec,
  TaxIdRec,
  TestClockRec,
  WebhookEndpointRec,
} from "./records";

/** Everything the emulator knows, in memory. Maps keep insertion order; lists are served newest first. */
export interface State {
  customers: Map<string, CustomerRec>;
  products: Map<string, ProductRec>;
  prices: Map<string, PriceRec>;
  paymentMethods: Map<string, PaymentMethodRec>;
  coupons: Map<string, CouponRec>;
  promotionCodes: Map<string, PromotionCodeRec>;
  /** Every discount ever applied, by id: invoices keep referring to one after its subscription drops it. */
  discounts: Map<string, DiscountRec>;
  subscriptions: Map<string, SubscriptionRec>;
  invoices: Map<string, InvoiceRec>;
  pendingItems: Map<string, PendingItemRec>;
  checkoutSessions: Map<string, CheckoutSessionRec>;
  portalSessions: Map<string, PortalSessionRec>;
  webhookEndpoints: Map<string, WebhookEndpointRec>;
  testClocks: Map<string, TestClockRec>;
  balanceTransactions: Map<string, BalanceTransactionRec>;
  creditNotes: Map<string, CreditNoteRec>;
  taxIds: Map<string, TaxIdRec>;
  events: Map<string, Stripe.Event>;
  invoiceCounter: number;
}

export function createState(): State {
  return {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    paymentMethods: new Map(),
    coupons: new Map(),
    promotionCodes: new Map(),
    discounts: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    pendingItems: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    webhookEndpoints: new Map(),
    testClocks: new Map(),
    balanceTransactions: new Map(),
    taxIds: new Map(),
    creditNotes: new Map(),
    events: new Map(),
    invoiceCounter: 0,
  };
}

export function resetState(state: State): void {
  Object.assign(state, createState());
}
