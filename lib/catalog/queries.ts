import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { plans, stacks } from "@/db/schema";

export function listActivePlans(db: Db) {
  return db.select().from(plans).where(eq(plans.active, true)).orderBy(asc(plans.sortOrder), asc(plans.priceCents));
}

export function listActiveStacks(db: Db) {
  return db.select().from(stacks).where(eq(stacks.active, true)).orderBy(asc(stacks.sortOrder));
}
