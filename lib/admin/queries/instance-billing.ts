import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { invoices, plans, subscriptions } from "@/db/schema";

// What Stripe bills for one instance, as mirrored: its subscriptions (newest first) and their latest invoices.
export async function instanceBilling(db: Db, instanceId: string) {
  const [subs, bills] = await Promise.all([
    db
      .select({ subscription: subscriptions, plan: plans.name })
      .from(subscriptions)
      .leftJoin(plans, eq(plans.id, subscriptions.planId))
      .where(eq(subscriptions.instanceId, instanceId))
      .orderBy(desc(subscriptions.createdAt)),
    db
      .select()
      .from(invoices)
      .where(eq(invoices.instanceId, instanceId))
      .orderBy(desc(invoices.stripeCreatedAt))
      .limit(20),
  ]);
  return { subscriptions: subs, invoices: bills };
}
