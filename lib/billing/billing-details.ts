import type Stripe from "stripe";
import { z } from "zod";
import type { Db } from "@/db";
import { stripe } from "@/lib/stripe";
import { ensureStripeCustomer, stripeCustomerOf } from "./customers";

// The tax IDs a customer can give, by Stripe's type; Stripe checks the value's format.
export const TAX_ID_TYPES = {
  eu_vat: "EU VAT number",
  gb_vat: "UK VAT number",
  ch_vat: "Swiss VAT number",
  no_vat: "Norwegian VAT number",
  us_ein: "US EIN",
  ca_bn: "Canadian business number",
  au_abn: "Australian business number",
} as const;
type TaxIdType = keyof typeof TAX_ID_TYPES;

const line = (label: string, max = 200) => z.string().trim().max(max, `${label} is too long.`);

export const billingDetailsSchema = z
  .object({
    line1: line("The address").min(1, "Enter the street address."),
    line2: line("The second address line"),
    city: line("The city", 100).min(1, "Enter the city."),
    postalCode: line("The postal code", 20),
    state: line("The state or region", 100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "Enter the country as its two-letter code, such as IE, DE or US."),
    taxIdType: z.union([z.literal(""), z.enum(Object.keys(TAX_ID_TYPES) as [TaxIdType, ...TaxIdType[]])], {
      error: "Choose a tax ID type from the list.",
    }),
    taxIdValue: z.string().trim().toUpperCase().max(40, "The tax ID is too long."),
  })
  .refine((v) => !v.taxIdValue || v.taxIdType, { message: "Choose the type of your tax ID.", path: ["taxIdType"] })
  .refine((v) => !v.taxIdType || v.taxIdValue, {
    message: "Enter your tax ID, or choose no type.",
    path: ["taxIdValue"],
  });
export type BillingDetailsInput = z.infer<typeof billingDetailsSchema>;

export type BillingDetails = {
  name: string | null;
  email: string | null;
  address: { line1: string; line2: string; city: string; postalCode: string; state: string; country: string } | null;
  taxId: { type: string; value: string } | null;
};

const fromStripe = (c: Stripe.Customer, taxIds: Stripe.TaxId[]): BillingDetails => ({
  name: c.name ?? null,
  email: c.email ?? null,
  address: c.address?.line1
    ? {
        line1: c.address.line1,
        line2: c.address.line2 ?? "",
        city: c.address.city ?? "",
        postalCode: c.address.postal_code ?? "",
        state: c.address.state ?? "",
        country: c.address.country ?? "",
      }
    : null,
  taxId: taxIds[0] ? { type: taxIds[0].type, value: taxIds[0].value } : null,
});

// What Stripe holds for the account's invoices (null before the account has a Stripe customer).
export async function readBillingDetails(db: Db, userId: string): Promise<BillingDetails | null> {
  const customerId = await stripeCustomerOf(db, userId);
  if (!customerId) return null;
  const api = stripe();
  const [customer, taxIds] = await Promise.all([
    api.customers.retrieve(customerId),
    api.customers.listTaxIds(customerId, { limit: 10 }),
  ]);
  return customer.deleted ? null : fromStripe(customer, taxIds.data);
}

// Pushes the address and tax ID to the Stripe customer. The new tax ID is added first, so one Stripe refuses
// changes nothing; only then is the address written and the old tax IDs removed.
export async function saveBillingDetails(db: Db, userId: string, input: BillingDetailsInput) {
  const customerId = await ensureStripeCustomer(db, userId);
  const api = stripe();
  const existing = (await api.customers.listTaxIds(customerId, { limit: 10 })).data;
  const same = existing.find((t) => t.type === input.taxIdType && t.value === input.taxIdValue);
  let added: Stripe.TaxId | null = null;
  if (input.taxIdType && !same) {
    try {
      added = await api.customers.createTaxId(customerId, { type: input.taxIdType, value: input.taxIdValue });
    } catch (error) {
      if ((error as { code?: string }).code === "tax_id_invalid")
        return { error: `That is not a valid ${TAX_ID_TYPES[input.taxIdType]}.` };
      throw error;
    }
  }
  await api.customers.update(customerId, {
    address: {
      line1: input.line1,
      line2: input.line2,
      city: input.city,
      postal_code: input.postalCode,
      state: input.state,
      country: input.country,
    },
  });
  const keep = added?.id ?? same?.id;
  for (const t of existing) if (t.id !== keep) await api.customers.deleteTaxId(customerId, t.id);
  return { success: "Billing details saved. They appear on your next invoices." };
}
