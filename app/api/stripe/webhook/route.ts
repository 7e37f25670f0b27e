import type Stripe from "stripe";
import { db } from "@/lib/db";
import { stripeEvents } from "@/db/schema";
import { enqueueCoalescedOnInsert } from "@/jobs/engine";
import { syncStripeCustomer } from "@/jobs/contracts";
import { stripe, webhookSecret } from "@/lib/stripe";
import { customerToSync, SYNC_COALESCE } from "./events";

// Stripe reads only the status. An empty answer is written at once; a body would go through Next's stream pipe
// and a gzip stream of its own, for every event.
const accepted = () => new Response(null, { status: 200 });

// POST /api/stripe/webhook – verify, dedupe on event.id, re-sync the customer from Stripe in a job
// (the payload is not trusted and events may come in any order).
export async function POST(req: Request) {
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(
      await req.text(),
      req.headers.get("stripe-signature") ?? "",
      webhookSecret(),
    );
  } catch {
    return Response.json({ error: "Invalid signature" }, { status: 400 });
  }
  const customerId = customerToSync(event);
  if (!customerId) return accepted();
  // The event row and the hand-off commit together (one statement), so an accepted event can't be lost; a retry
  // or duplicate finds the row and stops there. Events of one customer that arrive together share one pending
  // sync, which re-reads everything from Stripe, so none of them is missed.
  const recordEvent = db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  await enqueueCoalescedOnInsert(
    db,
    recordEvent,
    syncStripeCustomer,
    { customerId },
    { key: customerId, ...SYNC_COALESCE },
  );
  return accepted();
}
