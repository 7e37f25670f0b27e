import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, invoices, plans, subscriptions, tickets, users } from "@/db/schema";

const BILLABLE = ["active", "trialing", "past_due"];

// The business at a glance. Each figure is one aggregate the indexes named in the admin notes serve.
export async function overviewStats(db: Db) {
  const [[people], groups, mrr, [failing], [open], [paid]] = await Promise.all([
    db
      .select({
        customers: sql<number>`count(*) filter (where ${users.role} = 'customer')::int`,
      })
      .from(users),
    // One pass over instances gives both the counts by status and the live trial / paid split.
    db
      .select({ status: instances.status, isTrial: instances.isTrial, count: sql<number>`count(*)::int` })
      .from(instances)
      .groupBy(instances.status, instances.isTrial),
    db
      .select({ currency: plans.currency, cents: sql<number>`coalesce(sum(${plans.priceCents}), 0)::bigint` })
      .from(subscriptions)
      .innerJoin(plans, eq(plans.id, subscriptions.planId))
      .where(inArray(subscriptions.status, BILLABLE))
      .groupBy(plans.currency),
    db
      .select({
        count: sql<number>`count(*)::int`,
        cents: sql<number>`coalesce(sum(${invoices.amountRemaining}), 0)::bigint`,
      })
      .from(invoices)
      .where(and(eq(invoices.status, "open"), gt(invoices.attemptCount, 0))),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(tickets)
      .where(ne(tickets.status, "closed")),
    // Paid means a subscription that bills: a non-trial instance still waiting for Checkout is not paid.
    db
      .select({ count: sql<number>`count(distinct ${subscriptions.instanceId})::int` })
      .from(subscriptions)
      .innerJoin(instances, eq(instances.id, subscriptions.instanceId))
      .where(and(inArray(subscriptions.status, BILLABLE), ne(instances.status, "terminated"))),
  ]);
  const byStatus = new Map<(typeof groups)[number]["status"], number>();
  let trials = 0;
  for (const g of groups) {
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.count);
    if (g.status !== "terminated" && g.isTrial) trials += g.count;
  }
  return {
    customers: people?.customers ?? 0,
    trials,
    paidInstances: paid?.count ?? 0,
    mrr: mrr.map((m) => ({ currency: m.currency, cents: Number(m.cents) })),
    failingPayments: { count: failing?.count ?? 0, cents: Number(failing?.cents ?? 0) },
    openTickets: open?.count ?? 0,
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count),
  };
}
