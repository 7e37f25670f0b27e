import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, invoices, subscriptions } from "@/db/schema";
import { subscriptionRefusal } from "@/lib/instances/actions-allowed";
import { idOf, stripe } from "@/lib/stripe";
import { appUrl } from "@/lib/urls";
import { stripeCustomerOf, userOfCustomer } from "./customers";
import { mirrorSubscription } from "./mirror";
import { syncStripeCustomer } from "./sync";

// Cancel at the end of the paid period, or undo that while the period lasts. The mirror is refreshed from
// Stripe's answer at once; the webhook's later sync finds the same state.
export async function setCancelAtPeriodEnd(db: Db, userId: string, subscriptionId: string, cancel: boolean) {
  const [row] = await db
    .select({ sub: subscriptions, instance: { status: instances.status } })
    .from(subscriptions)
    .leftJoin(instances, eq(instances.id, subscriptions.instanceId))
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.userId, userId)));
  if (!row) return { error: "That subscription was not found." };
  const { sub, instance } = row;
  const refused = subscriptionRefusal(sub, instance);
  if (refused) return { error: refused };
  if (sub.cancelAtPeriodEnd === cancel)
    return { success: cancel ? "It is already set to end at the end of the period." : "It already renews." };
  const updated = await stripe().subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: cancel });
  const owner = await userOfCustomer(db, typeof updated.customer === "string" ? updated.customer : updated.customer.id);
  if (owner === userId) await mirrorSubscription(db, userId, updated);
  return {
    success: cancel ? "Your subscription ends at the end of the current period." : "Your subscription renews again.",
  };
}

// Stripe's Customer Portal, for cards and invoices; only an account that has paid before has a customer.
export async function portalUrl(db: Db, userId: string): Promise<{ url: string } | { error: string }> {
  const customer = await stripeCustomerOf(db, userId);
  if (!customer) return { error: "You have no billing account yet: upgrade an instance first." };
  const session = await stripe().billingPortal.sessions.create({ customer, return_url: appUrl("/billing") });
  return { url: session.url };
}

// "Retry the payment" after the card was replaced: Stripe's own retries may be days away, and a suspended
// instance should not wait for them. Pays the owner's open invoices with the card now on file, then syncs at once
// (the webhook's sync finds the same state), so the instance resumes and the banner goes.
export async function retryOpenInvoices(db: Db, userId: string): Promise<{ paid: number } | { error: string }> {
  const customer = await stripeCustomerOf(db, userId);
  const open = await db
    .select({ stripeInvoiceId: invoices.stripeInvoiceId })
    .from(invoices)
    .where(and(eq(invoices.userId, userId), eq(invoices.status, "open"), gt(invoices.amountRemaining, 0)));
  if (!customer || open.length === 0) return { error: "There is no unpaid invoice to pay." };
  let failure: string | null = null;
  let paid = 0;
  for (const { stripeInvoiceId } of open) {
    const inv = await stripe().invoices.retrieve(stripeInvoiceId);
    if (inv.status !== "open" || idOf(inv.customer) !== customer) continue;
    await stripe()
      .invoices.pay(stripeInvoiceId)
      .then(
        () => paid++,
        (e: unknown) => {
          if ((e as { type?: string }).type !== "StripeCardError") throw e;
          failure = (e as Error).message;
        },
      );
  }
  await syncStripeCustomer(db, customer).catch((error: unknown) =>
    console.error("eager sync after a retried payment failed; the webhook will retry", error),
  );
  if (failure)
    return { error: `The payment failed again (${failure}). Update your card in the Customer Portal and retry.` };
  return { paid };
}
