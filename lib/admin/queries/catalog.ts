import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, plans, stacks } from "@/db/schema";

// Plans and stacks with how many non-terminated instances use each: one grouped pass, served by a partial index.
export async function catalogUsage(db: Db) {
  const [planRows, stackRows, live] = await Promise.all([
    db.select().from(plans).orderBy(plans.sortOrder, plans.name),
    db.select().from(stacks).orderBy(stacks.sortOrder, stacks.name),
    db
      .select({ planId: instances.planId, stackId: instances.stackId, count: sql<number>`count(*)::int` })
      .from(instances)
      .where(sql`${instances.status} <> 'terminated'`)
      .groupBy(instances.planId, instances.stackId),
  ]);
  const perPlan = new Map<string, number>();
  const perStack = new Map<string, number>();
  for (const l of live) {
    perPlan.set(l.planId, (perPlan.get(l.planId) ?? 0) + l.count);
    perStack.set(l.stackId, (perStack.get(l.stackId) ?? 0) + l.count);
  }
  return {
    plans: planRows.map((r) => ({ ...r, liveInstances: perPlan.get(r.id) ?? 0 })),
    stacks: stackRows.map((r) => ({ ...r, liveInstances: perStack.get(r.id) ?? 0 })),
  };
}

export async function findPlan(db: Db, id: string) {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row ?? null;
}

export async function findStack(db: Db, id: string) {
  const [row] = await db.select().from(stacks).where(eq(stacks.id, id));
  return row ?? null;
}
