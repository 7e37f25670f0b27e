import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, plans, subscriptions } from "@/db/schema";
import { formatMoney } from "@/lib/format";
import { refusal } from "@/lib/instances/actions-allowed";
import { requestResize } from "@/lib/instances/customer-actions";
import { stripe } from "@/lib/stripe";
import { priceForPlan } from "./catalog-sync";
import { mirrorSubscription } from "./mirror";

type Target = { error: string } | { subId: string; itemId: string; priceId: string; planName: string; monthly: string };

// The owner's live subscription for this instance and the Stripe price of the plan it would move to.
async function target(db: Db, userId: string, instanceId: string, planId: string): Promise<Target | null> {
  const [sub] = await db
    .select({ s: subscriptions })
    .from(subscriptions)
    .innerJoin(instances, and(eq(instances.id, subscriptions.instanceId), eq(instances.ownerId, userId)))
    .where(
      and(eq(subscriptions.instanceId, instanceId), inArray(subscriptions.status, ["active", "trialing", "past_due"])),
    );
  if (!sub) return null;
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.active, true)));
  if (!plan) return { error: "That plan is not available." };
  const current = await stripe().subscriptions.retrieve(sub.s.stripeSubscriptionId);
  const item = current.items.data[0];
  if (!item) return { error: "That subscription has no item to change." };
  const price = await priceForPlan(stripe(), plan);
  if (item.price.id === price.id) return { error: `The instance is already on the ${plan.name} plan.` };
  return {
    subId: current.id,
    itemId: item.id,
    priceId: price.id,
    planName: plan.name,
    monthly: formatMoney(plan.priceCents, plan.currency),
  };
}

// What the change costs now, prorated, as Stripe would invoice it (nothing is changed).
export async function previewPaidResize(db: Db, userId: string, instanceId: string, planId: string) {
  const t = await target(db, userId, instanceId, planId);
  if (!t || "error" in t) return t;
  const preview = await stripe().invoices.createPreview({
    subscription: t.subId,
    subscription_details: { items: [{ id: t.itemId, price: t.priceId }], proration_behavior: "create_prorations" },
  });
  const prorated = preview.lines.data
    .filter((l) => l.parent?.subscription_item_details?.proration)
    .reduce((sum, l) => sum + l.amount, 0);
  return {
    planName: t.planName,
    monthly: t.monthly,
    prorated: formatMoney(prorated, preview.currency),
    nextTotal: formatMoney(preview.total, preview.currency),
  };
}

// A paid instance changes its Stripe price (prorated on the next invoice) and then its limits.
export async function resizePaidInstance(
  db: Db,
  userId: string,
  instanceId: string,
  planId: string,
  requestId: string,
) {
  const t = await target(db, userId, instanceId, planId);
  if (!t) return requestResize(db, userId, instanceId, planId, requestId);
  if ("error" in t) return t;
  const [row] = await db
    .select()
    .from(instances)
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, userId)));
  if (!row) return { error: "Instance not found." };
  const refused = refusal("resize", row);
  if (refused) return { error: refused };
  const updated = await stripe().subscriptions.update(t.subId, {
    items: [{ id: t.itemId, price: t.priceId }],
    proration_behavior: "create_prorations",
  });
  await mirrorSubscription(db, userId, updated);
  return requestResize(db, userId, instanceId, planId, requestId);
}
