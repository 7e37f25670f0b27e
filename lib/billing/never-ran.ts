import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, type Instance } from "@/db/schema";
import { stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";
import { endInstanceSubscriptions } from "./end-subscription";
import { invoiceSubscriptionId } from "./mirror";
import { syncStripeCustomer } from "./sync";

export type Refund = { amount: number; currency: string };

// A paid instance that failed before it ever ran is not charged: its subscription ends at once and what its
// invoices took is refunded to the card by a credit note. Each credit note is keyed by its invoice, and what
// Stripe says is already credited is not refunded again, so a retry or a second failure refunds nothing more.
export async function refundNeverRan(
  db: Db,
  instance: Pick<Instance, "id" | "ownerId" | "isTrial" | "readyAt">,
): Promise<Refund | null> {
  if (instance.isTrial || instance.readyAt) return null;
  const [stillNeverRan] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.id, instance.id), isNull(instances.readyAt)));
  const customer = await stripeCustomerOf(db, instance.ownerId);
  if (!stillNeverRan || !customer) return null;
  await endInstanceSubscriptions(db, instance.ownerId, instance.id);
  const subs = new Set<string>();
  for await (const s of stripe().subscriptions.list({ customer, status: "all", limit: 100 }))
    if (s.metadata.instanceId === instance.id) subs.add(s.id);
  let total = 0;
  let currency: string | null = null;
  for await (const inv of stripe().invoices.list({ customer, status: "paid", limit: 100 })) {
    const sub = invoiceSubscriptionId(inv);
    if (!inv.id || !sub || !subs.has(sub) || inv.amount_paid <= 0) continue;
    const amount = inv.amount_paid - inv.post_payment_credit_notes_amount;
    if (amount > 0) {
      await stripe().creditNotes.create(
        {
          invoice: inv.id,
          amount,
          refund_amount: amount,
          reason: "order_change",
          memo: "The instance could not be started, so it is not charged.",
        },
        { idempotencyKey: `never-ran:${inv.id}` },
      );
    }
    total += inv.amount_paid;
    currency = inv.currency;
  }
  // The webhook's sync mirrors the same; this one puts the refund on the invoice page at once.
  await syncStripeCustomer(db, customer).catch((error: unknown) =>
    console.error("sync after a refund failed; the webhook will retry", error),
  );
  return currency ? { amount: total, currency } : null;
}
