import type Stripe from "stripe";
import { db } from "@/db";
import { stripeEvents } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { syncStripeCustomer } from "@/jobs/sync-stripe-customer";
import { idOf, stripe, webhookSecret } from "@/lib/stripe";

// POST /api/stripe/webhook – verify, dedupe on event.id, re-sync the customer from Stripe in a job
// (the payload is not trusted and events may come in any order).
const SYNCED = new Set<string>([
  "checkout.session.completed", "checkout.session.expired",
  "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
  "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed",
]);

export async function POST(req: Request) {
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(await req.text(), req.headers.get("stripe-signature") ?? "", webhookSecret());
  } catch {
    return Response.json({ error: "Invalid signature" }, { status: 400 });
  }
  const customerId = idOf((event.data.object as { customer?: string | { id: string } | null }).customer);
  if (!SYNCED.has(event.type) || !customerId) return Response.json({ received: true, ignored: true });
  // The event row and the job commit together: a crash between them can't lose the event, and Stripe's retry
  // or a duplicate delivery finds the row and stops here.
  const fresh = await db.transaction(async (tx) => {
    const [row] = await tx.insert(stripeEvents).values({ id: event.id, type: event.type }).onConflictDoNothing().returning({ id: stripeEvents.id });
    if (row) await enqueue(syncStripeCustomer, { customerId }, { idempotencyKey: event.id }, tx);
    return !!row;
  });
  return Response.json({ received: true, duplicate: !fresh });
}
