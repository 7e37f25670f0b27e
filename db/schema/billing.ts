import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  customType,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { plans } from "./catalog";
import { instances } from "./instances";

// One Stripe customer per account.
export const billingCustomers = pgTable("billing_customers", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  stripeCustomerId: text().notNull().unique(),
  // Mirror of Stripe's customer balance (negative = credit): refreshed when staff grant credit or open the
  // user's page, and shown from here when Stripe cannot be reached.
  balance: bigint({ mode: "number" }).notNull().default(0),
  balanceCurrency: text(),
  balanceSyncedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// A mirror of Stripe's subscription: one per instance. Stripe is the truth; this is re-read from it.
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    stripeSubscriptionId: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    instanceId: uuid().references(() => instances.id, { onDelete: "set null" }),
    planId: uuid().references(() => plans.id),
    stripePriceId: text().notNull(),
    status: text().notNull(),
    currentPeriodStart: timestamp({ withTimezone: true }),
    currentPeriodEnd: timestamp({ withTimezone: true }),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    canceledAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    latestInvoiceId: text(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("subscriptions_instance_key").on(t.instanceId),
    index("subscriptions_user_idx").on(t.userId),
    index("subscriptions_plan_idx").on(t.planId),
  ],
);
export type Subscription = typeof subscriptions.$inferSelect;

export type InvoiceLine = {
  description: string;
  amount: number;
  quantity: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  proration: boolean;
};
export type InvoiceDiscount = { name: string; amount: number };

// A mirror of Stripe's invoice, with its lines, for the billing pages and staff.
export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    stripeInvoiceId: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    stripeSubscriptionId: text(),
    instanceId: uuid().references(() => instances.id, { onDelete: "set null" }),
    number: text(),
    status: text().notNull(),
    currency: text().notNull(),
    subtotal: bigint({ mode: "number" }).notNull(),
    tax: bigint({ mode: "number" }).notNull().default(0),
    discountTotal: bigint({ mode: "number" }).notNull().default(0),
    total: bigint({ mode: "number" }).notNull(),
    amountDue: bigint({ mode: "number" }).notNull(),
    amountPaid: bigint({ mode: "number" }).notNull(),
    amountRemaining: bigint({ mode: "number" }).notNull(),
    // Given back after payment by credit notes (a refund to the card): Stripe's post-payment credit notes amount.
    creditedAmount: bigint({ mode: "number" }).notNull().default(0),
    // Who the invoice is made out to, as Stripe has it: staff still find it after the account is deleted.
    customerEmail: text(),
    customerName: text(),
    startingBalance: bigint({ mode: "number" }).notNull().default(0),
    attemptCount: integer().notNull().default(0),
    nextPaymentAttempt: timestamp({ withTimezone: true }),
    hostedInvoiceUrl: text(),
    invoicePdf: text(),
    lines: jsonb().$type<InvoiceLine[]>().notNull().default([]),
    discounts: jsonb().$type<InvoiceDiscount[]>().notNull().default([]),
    periodStart: timestamp({ withTimezone: true }),
    periodEnd: timestamp({ withTimezone: true }),
    dueDate: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    stripeCreatedAt: timestamp({ withTimezone: true }).notNull(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invoices_user_idx").on(t.userId, t.stripeCreatedAt),
    index("invoices_status_idx").on(t.status, t.stripeCreatedAt),
    // The staff list: newest first, and its failing segment (open or uncollectible) first of all.
    index("invoices_created_id_idx").on(t.stripeCreatedAt, t.id),
    index("invoices_customer_email_trgm_idx").using("gin", t.customerEmail.op("gin_trgm_ops")),
    index("invoices_unpaid_created_idx")
      .on(t.stripeCreatedAt, t.id)
      .where(sql`${t.status} in ('open', 'uncollectible')`),
  ],
);
export type Invoice = typeof invoices.$inferSelect;

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

// Berth's own PDF of an invoice, rendered once the invoice is final (open) and again once it is paid. Kept in the
// database beside its invoice: it goes with the invoice's row (and its backups), and every app server can serve it.
export const invoiceDocuments = pgTable("invoice_documents", {
  invoiceId: uuid()
    .primaryKey()
    .references(() => invoices.id, { onDelete: "cascade" }),
  // The invoice's status the PDF was rendered for.
  status: text().notNull(),
  pdf: bytea().notNull(),
  renderedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// Each Stripe event is processed once, whatever Stripe retries or duplicates.
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// Each dunning stage (and its email) happens once per subscription.
export const dunningNotices = pgTable(
  "dunning_notices",
  {
    id: uuid().primaryKey().defaultRandom(),
    stripeSubscriptionId: text().notNull(),
    stripeInvoiceId: text(),
    // payment_failed | grace_day_<n> | suspended | final_warning | terminated | resumed:<invoice>
    stage: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("dunning_notices_subscription_stage_key").on(t.stripeSubscriptionId, t.stage)],
);
