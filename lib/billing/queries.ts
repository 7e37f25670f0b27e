import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, invoices, plans, subscriptions } from "@/db/schema";
import { after, cursorAt, toPage, type Cursor } from "@/lib/admin/keyset";
import { stripe } from "@/lib/stripe";
import { accountBalance } from "./credit";

// Every query here is scoped to the signed-in owner.
export async function listOwnerSubscriptions(db: Db, userId: string) {
  return db
    .select({
      subscription: subscriptions,
      instance: { id: instances.id, name: instances.name, status: instances.status },
      plan: plans,
    })
    .from(subscriptions)
    .leftJoin(instances, eq(instances.id, subscriptions.instanceId))
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt));
}

// The live subscription of one of the owner's instances (one per instance; ended ones are history).
export async function instanceSubscription(db: Db, userId: string, instanceId: string) {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.userId, userId),
        eq(subscriptions.instanceId, instanceId),
        inArray(subscriptions.status, ["active", "trialing", "past_due"]),
      ),
    )
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  return row ?? null;
}

export async function listOwnerInvoices(db: Db, userId: string, limit = 100) {
  return db
    .select()
    .from(invoices)
    .where(eq(invoices.userId, userId))
    .orderBy(desc(invoices.stripeCreatedAt))
    .limit(limit);
}

// Keyset pages of the owner's invoices, newest first.
export async function pageOwnerInvoices(db: Db, userId: string, p: { cursor: Cursor | null; limit: number }) {
  const rows = await db
    .select({ invoice: invoices, id: invoices.id, cursorAt: cursorAt(invoices.stripeCreatedAt) })
    .from(invoices)
    .where(and(eq(invoices.userId, userId), after(invoices.stripeCreatedAt, invoices.id, p.cursor)))
    .orderBy(desc(invoices.stripeCreatedAt), desc(invoices.id))
    .limit(p.limit + 1);
  return toPage(rows, p.limit);
}

export async function getOwnerInvoice(db: Db, userId: string, invoiceId: string) {
  const [row] = await db
    .select({ invoice: invoices, instanceName: instances.name })
    .from(invoices)
    .leftJoin(instances, eq(instances.id, invoices.instanceId))
    .where(and(eq(invoices.id, invoiceId), eq(invoices.userId, userId)));
  return row ?? null;
}

export async function failingInvoices(db: Db, userId: string) {
  const subs = await db
    .select({ id: subscriptions.stripeSubscriptionId })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), inArray(subscriptions.status, ["past_due", "unpaid"])));
  return subs.length;
}

// Stripe keeps the balance: negative means credit the customer has with us (read live, mirrored as it is read).
export async function creditBalance(db: Db, userId: string) {
  const account = await accountBalance(db, userId);
  return account && { credit: Math.max(0, -account.balance), currency: account.currency };
}

// What the next renewal will charge, as Stripe computes it (discounts and pending prorations included).
export async function upcomingAmount(stripeSubscriptionId: string) {
  const preview = await stripe()
    .invoices.createPreview({ subscription: stripeSubscriptionId })
    .catch(() => null);
  return preview ? { amount: preview.amount_due, currency: preview.currency } : null;
}
