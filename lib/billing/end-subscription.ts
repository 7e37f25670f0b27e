import type Stripe from "stripe";
import type { Db } from "@/db";
import { stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";
import { mirrorSubscription } from "./mirror";

const live = (s: Stripe.Subscription) => s.status !== "canceled" && s.status !== "incomplete_expired";

// A terminated instance is billed no more: its subscription is canceled in Stripe at once, with no prorated
// credit (the help page says the period already paid is not refunded). Stripe is read rather than the mirror,
// so a subscription the webhook has not mirrored yet (a Checkout that just completed) ends too.
export async function endInstanceSubscriptions(db: Db, userId: string, instanceId: string) {
  const customer = await stripeCustomerOf(db, userId);
  if (!customer) return { canceled: 0 };
  let canceled = 0;
  for await (const sub of stripe().subscriptions.list({ customer, limit: 100 })) {
    if (sub.metadata.instanceId !== instanceId || !live(sub)) continue;
    const ended = await stripe().subscriptions.cancel(
      sub.id, { cancellation_details: { comment: "The instance was terminated." } }, { idempotencyKey: `instance-terminated:${sub.id}` },
    );
    await mirrorSubscription(db, userId, ended);
    canceled++;
  }
  return { canceled };
}
