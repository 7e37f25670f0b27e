import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { subscriptions } from "@/db/schema";
import { stripe } from "@/lib/stripe";
import { appUrl } from "@/lib/urls";
import { stripeCustomerOf, userOfCustomer } from "./customers";
import { mirrorSubscription } from "./mirror";

// Cancel at the end of the paid period, or undo that while the period lasts. The mirror is refreshed from
// Stripe's answer at once; the webhook's later sync finds the same state.
export async function setCancelAtPeriodEnd(db: Db, userId: string, subscriptionId: string, cancel: boolean) {
  const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.userId, userId)));
  if (!sub) return { error: "That subscription was not found." };
  if (!["active", "trialing", "past_due"].includes(sub.status)) return { error: "That subscription has already ended." };
  if (sub.cancelAtPeriodEnd === cancel) return { success: cancel ? "It is already set to end at the end of the period." : "It already renews." };
  const updated = await stripe().subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: cancel });
  const owner = await userOfCustomer(db, typeof updated.customer === "string" ? updated.customer : updated.customer.id);
  if (owner === userId) await mirrorSubscription(db, userId, updated);
  return { success: cancel ? "Your subscription ends at the end of the current period." : "Your subscription renews again." };
}

// Stripe's Customer Portal, for cards and invoices; only an account that has paid before has a customer.
export async function portalUrl(db: Db, userId: string): Promise<{ url: string } | { error: string }> {
  const customer = await stripeCustomerOf(db, userId);
  if (!customer) return { error: "You have no billing account yet: upgrade an instance first." };
  const session = await stripe().billingPortal.sessions.create({ customer, return_url: appUrl("/billing") });
  return { url: session.url };
}
