// Internal, lean records of the billing side (subscriptions, invoices, sessions, events plumbing).
import type { Metadata } from "./records-catalog";

export interface DiscountRec {
  id: string;
  coupon: string;
  promotionCode: string | null;
  customer: string | null;
  subscription: string | null;
  checkoutSession: string | null;
  start: number;
  end: number | null;
  /** For `duration: once`: set after the first invoice used it. */
  used: boolean;
}

export interface SubscriptionItemRec {
  id: string;
  created: number;
  price: string;
  quantity: number;
  metadata: Metadata;
}

export type MissingPaymentMethodBehavior = "cancel" | "create_invoice" | "pause";

export interface SubscriptionRec {
  id: string;
  customer: string;
  created: number;
  startDate: number;
  status: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "paused" | "incomplete" | "incomplete_expired";
  items: SubscriptionItemRec[];
  currency: string;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  billingCycleAnchor: number;
  trialStart: number | null;
  trialEnd: number | null;
  trialWillEndSent: boolean;
  /** The period end for which invoice.upcoming was sent. */
  upcomingNotifiedFor: number | null;
  missingPaymentMethod: MissingPaymentMethodBehavior;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  cancellationReason: "cancellation_requested" | "payment_failed" | null;
  cancellationComment: string | null;
  metadata: Metadata;
  defaultPaymentMethod: string | null;
  latestInvoice: string | null;
  discount: DiscountRec | null;
  testClock: string | null;
  description: string | null;
}

export interface InvoiceLineRec {
  id: string;
  amount: number;
  description: string;
  price: string | null;
  quantity: number;
  periodStart: number;
  periodEnd: number;
  proration: boolean;
  subscriptionItem: string | null;
  invoiceItem: string | null;
}

/** A pending invoice item (e.g. a proration) waiting for the subscription's next invoice. */
export interface PendingItemRec {
  id: string;
  created: number;
  customer: string;
  subscription: string | null;
  line: InvoiceLineRec;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";

export interface InvoiceRec {
  id: string;
  number: string | null;
  customer: string;
  subscription: string | null;
  subscriptionMetadata: Metadata | null;
  status: InvoiceStatus;
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update" | "manual" | "upcoming";
  created: number;
  currency: string;
  periodStart: number;
  periodEnd: number;
  lines: InvoiceLineRec[];
  subtotal: number;
  discount: { id: string; amount: number } | null;
  total: number;
  startingBalance: number;
  endingBalance: number | null;
  amountDue: number;
  amountPaid: number;
  attemptCount: number;
  attempted: boolean;
  nextPaymentAttempt: number | null;
  automaticallyFinalizesAt: number | null;
  finalizedAt: number | null;
  paidAt: number | null;
  voidedAt: number | null;
  markedUncollectibleAt: number | null;
  defaultPaymentMethod: string | null;
  metadata: Metadata;
  testClock: string | null;
  lastError: { code: string; declineCode: string | null; message: string } | null;
  preview: boolean;
}

export interface CheckoutLineRec {
  id: string;
  price: string;
  quantity: number;
}

export interface CheckoutSessionRec {
  id: string;
  created: number;
  expiresAt: number;
  mode: "subscription";
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  lineItems: CheckoutLineRec[];
  subscriptionMetadata: Metadata;
  trialEnd: number | null;
  trialPeriodDays: number | null;
  missingPaymentMethod: MissingPaymentMethodBehavior;
  paymentMethodCollection: "always" | "if_required";
  allowPromotionCodes: boolean;
  discounts: { coupon: string | null; promotionCode: string | null }[];
  successUrl: string | null;
  cancelUrl: string | null;
  subscription: string | null;
  invoice: string | null;
  currency: string;
  amountSubtotal: number;
  amountTotal: number;
  amountDiscount: number;
  testClock: string | null;
}

export interface PortalSessionRec {
  id: string;
  created: number;
  customer: string;
  returnUrl: string | null;
}

export interface WebhookEndpointRec {
  id: string;
  created: number;
  url: string;
  enabledEvents: string[];
  secret: string;
  status: "enabled" | "disabled";
  description: string | null;
  metadata: Metadata;
}

export interface TestClockRec {
  id: string;
  created: number;
  frozenTime: number;
  name: string | null;
  status: "ready" | "advancing" | "internal_failure";
  advancingTarget: number | null;
}

/** A credit note on a paid invoice, refunded to the card it was paid with. https://docs.stripe.com/api/credit_notes/object */
export interface CreditNoteRec {
  id: string;
  number: string;
  invoice: string;
  customer: string;
  currency: string;
  amount: number;
  refundAmount: number;
  outOfBandAmount: number;
  refund: string | null;
  reason: "duplicate" | "fraudulent" | "order_change" | "product_unsatisfactory" | null;
  memo: string | null;
  metadata: Metadata;
  created: number;
}

export interface BalanceTransactionRec {
  id: string;
  created: number;
  customer: string;
  amount: number;
  currency: string;
  description: string | null;
  endingBalance: number;
  invoice: string | null;
  type: "adjustment" | "applied_to_invoice" | "invoice_overpaid";
  metadata: Metadata;
}
