import type Stripe from "stripe";
import type { Db } from "@/db";
import { idOf, stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";

export type CardOnFile = { brand: string; last4: string; expMonth: number; expYear: number };

const cardOf = (pm: Stripe.PaymentMethod | null | undefined): CardOnFile | null =>
  pm?.card
    ? { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year }
    : null;

// The card Stripe charges: the customer's default (set in the Customer Portal), else the newest attached card
// (Checkout attaches it to the subscription). Read live; null when there is none or Stripe cannot be reached.
export async function cardOnFile(db: Db, userId: string): Promise<CardOnFile | null> {
  const customerId = await stripeCustomerOf(db, userId);
  if (!customerId) return null;
  const api = stripe();
  const customer = await api.customers.retrieve(customerId, { expand: ["invoice_settings.default_payment_method"] });
  if (customer.deleted) return null;
  const preferred = customer.invoice_settings.default_payment_method;
  if (preferred && typeof preferred === "object") return cardOf(preferred);
  if (idOf(preferred)) return cardOf(await api.paymentMethods.retrieve(idOf(preferred)!));
  const { data } = await api.customers.listPaymentMethods(customerId, { type: "card", limit: 1 });
  return cardOf(data[0]);
}

const BRANDS: Record<string, string> = { visa: "Visa", mastercard: "Mastercard", amex: "American Express" };

export const describeCard = (c: CardOnFile) =>
  `${BRANDS[c.brand] ?? c.brand} ending in ${c.last4}, expires ${String(c.expMonth).padStart(2, "0")}/${c.expYear}`;
