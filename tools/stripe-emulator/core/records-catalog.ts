// Internal, lean records (customers, catalog, payment methods, coupons). Responses are rendered from
// these by the functions in render/, which return the SDK's own types in full.

export type Metadata = Record<string, string>;
export type Interval = "day" | "week" | "month" | "year";

export interface CustomerRec {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Metadata;
  balance: number;
  currency: string | null;
  defaultPaymentMethod: string | null;
  testClock: string | null;
  invoicePrefix: string;
  nextInvoiceSequence: number;
  address: AddressRec | null;
}

export interface AddressRec {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface TaxIdRec {
  id: string;
  created: number;
  customer: string;
  type: string;
  value: string;
  country: string | null;
}

export interface ProductRec {
  id: string;
  created: number;
  updated: number;
  name: string;
  description: string | null;
  active: boolean;
  metadata: Metadata;
  defaultPrice: string | null;
}

export interface PriceRec {
  id: string;
  created: number;
  product: string;
  currency: string;
  unitAmount: number;
  recurring: { interval: Interval; intervalCount: number; trialPeriodDays: number | null } | null;
  lookupKey: string | null;
  active: boolean;
  nickname: string | null;
  metadata: Metadata;
}

/** How a test card behaves, per https://docs.stripe.com/testing#cards and #declined-payments. */
export type CardBehavior = "succeeds" | "charge_fails" | "declined";

export interface PaymentMethodRec {
  id: string;
  created: number;
  customer: string | null;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  behavior: CardBehavior;
  metadata: Metadata;
}

export interface CouponRec {
  id: string;
  created: number;
  name: string | null;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: "forever" | "once" | "repeating";
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: number | null;
  timesRedeemed: number;
  metadata: Metadata;
}

export interface PromotionCodeRec {
  id: string;
  created: number;
  code: string;
  coupon: string;
  active: boolean;
  customer: string | null;
  expiresAt: number | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  firstTimeTransaction: boolean;
  minimumAmount: number | null;
  minimumAmountCurrency: string | null;
  metadata: Metadata;
}
