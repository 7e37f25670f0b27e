import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, plans, subscriptions } from "@/db/schema";
import { refusal } from "@/lib/instances/actions-allowed";
import { PENDING_PAYMENT_HOLD_MS } from "@/lib/instances/limit";
import { stripe } from "@/lib/stripe";
import { appUrl } from "@/lib/urls";
import { priceForPlan } from "./catalog-sync";
import { ensureStripeCustomer } from "./customers";

export type CheckoutResult = { error: string } | { url: string; sessionId: string };

const LIVE_SUBSCRIPTION = ["active", "trialing", "past_due", "incomplete"];

// Checkout in subscription mode for one of the owner's instances: a trial to upgrade or a pending_payment one.
// The instance id rides along in the session and the subscription metadata so the sync can find it.
export async function startCheckout(db: Db, userId: string, instanceId: string): Promise<CheckoutResult> {
  const [row] = await db
    .select({ instance: instances, plan: plans })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, userId)));
  if (!row) return { error: "That instance was not found." };
  const { instance, plan } = row;
  const refused = refusal("checkout", instance);
  if (refused) return { error: refused };
  // Its slot is released and the sweep is about to remove it: a payment now would be for an instance that goes.
  if (instance.status === "pending_payment" && Date.now() - instance.createdAt.getTime() > PENDING_PAYMENT_HOLD_MS)
    return { error: "This instance was not paid for within an hour and is being removed. Create a new one instead." };
  const [paid] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.instanceId, instanceId), inArray(subscriptions.status, LIVE_SUBSCRIPTION)));
  if (paid) return { error: "This instance already has a subscription." };

  const customer = await ensureStripeCustomer(db, userId);
  const price = await priceForPlan(stripe(), plan);
  const metadata = { instanceId, userId };
  const session = await stripe().checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: instanceId,
    metadata,
    line_items: [{ price: price.id, quantity: 1 }],
    subscription_data: { metadata, description: `Berth ${plan.name}: ${instance.name}` },
    allow_promotion_codes: true,
    // The page lives as long as the instance holds its slot (Stripe's minimum is 30 minutes).
    expires_at: Math.floor((Date.now() + PENDING_PAYMENT_HOLD_MS) / 1000),
    success_url: `${appUrl("/billing/checkout/success")}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: appUrl(
      instance.status === "pending_payment" ? `/instances/${instanceId}?checkout=canceled` : `/instances/${instanceId}`,
    ),
  });
  if (!session.url) return { error: "Stripe did not return a Checkout page. Please try again." };
  return { url: session.url, sessionId: session.id };
}
