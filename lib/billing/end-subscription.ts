import type Stripe from "stripe";
import type { Db } from "@/db";
import { stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";
import { mirrorSubscription } from "./mirror";

const live = (s: Stripe.Subscription) => s.status !== "canceled" && s.status !== "incomplete_expired";

// Cancels at once, with no prorated credit (the help page says the period already paid is not refunded), each
// of the account's live subscriptions that `which` picks. Stripe is read rather than the mirror, so one the
// webhook has not mirrored yet (a Checkout that just completed) ends too.
async function cancelLive(
  db: Db,
  userId: string,
  which: (s: Stripe.Subscription) => boolean,
  why: { key: string; comment: string },
) {
  const customer = await stripeCustomerOf(db, userId);
  if (!customer) return { canceled: 0 };
  let canceled = 0;
  for await (const sub of stripe().subscriptions.list({ customer, limit: 100 })) {
    if (!live(sub) || !which(sub)) continue;
    const ended = await stripe().subscriptions.cancel(
      sub.id,
      { cancellation_details: { comment: why.comment } },
      { idempotencyKey: `${why.key}:${sub.id}` },
    );
    await mirrorSubscription(db, userId, ended);
    canceled++;
  }
  return { canceled };
}

// A terminated instance is billed no more.
export const endInstanceSubscriptions = (db: Db, userId: string, instanceId: string) =>
  cancelLive(db, userId, (s) => s.metadata.instanceId === instanceId, {
    key: "instance-terminated",
    comment: "The instance was terminated.",
  });

// A deleted account is billed no more, whatever its subscriptions are attached to.
export const endAccountSubscriptions = (db: Db, userId: string) =>
  cancelLive(db, userId, () => true, { key: "account-deleted", comment: "The account was deleted." });
