import type Stripe from "stripe";
import { idOf } from "@/lib/stripe";

// Events that can change what Berth mirrors for a customer: subscriptions, invoices, Checkout.
const SYNCED = new Set<string>([
  "checkout.session.completed",
  "checkout.session.expired",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "credit_note.created",
]);

// The customer to re-sync for this event, or null when the event is not one Berth acts on.
export function customerToSync(event: Pick<Stripe.Event, "type" | "data">): string | null {
  if (!SYNCED.has(event.type)) return null;
  return idOf((event.data.object as { customer?: string | { id: string } | null }).customer);
}

// A burst of events for one customer → one sync, two seconds after the last of them and never more than ten
// after the first. A busy endpoint thus syncs each customer once per burst, not once per event; the Checkout
// success page syncs on its own, so a new customer does not wait for this.
export const SYNC_COALESCE = { delayMs: 2_000, maxDelayMs: 10_000 };
