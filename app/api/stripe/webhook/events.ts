import type Stripe from "stripe";
import { idOf } from "@/lib/stripe";

// Events that can change what Berth mirrors for a customer: subscriptions, invoices, Checkout.
const SYNCED = new Set<string>([
  "checkout.session.completed", "checkout.session.expired",
  "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
  "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed",
]);

// The customer to re-sync for this event, or null when the event is not one Berth acts on.
export function customerToSync(event: Pick<Stripe.Event, "type" | "data">): string | null {
  if (!SYNCED.has(event.type)) return null;
  return idOf((event.data.object as { customer?: string | { id: string } | null }).customer);
}

// A burst of events for one customer → one sync, started a second after the first of them (Trigger.dev's
// shortest debounce); under Trigger.dev later ones may push it back, never past five seconds.
export const SYNC_COALESCE = { delayMs: 1_000, maxDelayMs: 5_000 };
