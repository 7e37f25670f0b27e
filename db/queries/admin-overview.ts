import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, invoices, plans, subscriptions, tickets, users } from "@/db/schema";

const BILLABLE = ["active", "trialing", "past_due"];

// The business at a glance. Each figure is one aggregate the indexes named in the admin notes serve.
export async function overviewStats(db: Db) {
  const [[people], byStatus, [live], mrr, [failing], [open]] = await Promise.all([
    db.select({
      customers: sql<number>`count(*) filter (where ${users.role} = 'customer')::int`,
    }).from(users),
    db.select({ status: instances.status, count: sql<number>`count(*)::int` }).from(instances).groupBy(instances.status),
    // A literal predicate, so the partial index on non-terminated instances applies whatever plan is cached.
    db.select({ trials: sql<number>`count(*) filter (where ${instances.isTrial})::int`, paid: sql<number>`count(*) filter (where not ${instances.isTrial})::int` })
      .from(instances).where(sql`${instances.status} <> 'terminated'`),
    db.select({ currency: plans.currency, cents: sql<number>`coalesce(sum(${plans.priceCents}), 0)::bigint` })
      .from(subscriptions).innerJoin(plans, eq(plans.id, subscriptions.planId))
      .where(inArray(subscriptions.status, BILLABLE)).groupBy(plans.currency),
    db.select({ count: sql<number>`count(*)::int`, cents: sql<number>`coalesce(sum(${invoices.amountRemaining}), 0)::bigint` })
      .from(invoices).where(and(eq(invoices.status, "open"), gt(invoices.attemptCount, 0))),
    db.select({ count: sql<number>`count(*)::int` }).from(tickets).where(ne(tickets.status, "closed")),
  ]);
  return {
    customers: people?.customers ?? 0,
    trials: live?.trials ?? 0,
    paidInstances: live?.paid ?? 0,
    mrr: mrr.map((m) => ({ currency: m.currency, cents: Number(m.cents) })),
    failingPayments: { count: failing?.count ?? 0, cents: Number(failing?.cents ?? 0) },
    openTickets: open?.count ?? 0,
    byStatus: byStatus.map((s) => ({ status: s.status, count: s.count })).sort((a, b) => b.count - a.count),
  };
}
