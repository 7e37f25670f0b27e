import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, plans, stacks } from "@/db/schema";

async function loadParts(db: Db, where: SQL | undefined) {
  const [row] = await db
    .select({ instance: instances, plan: plans, stack: stacks, host: hosts })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(where);
  return row ?? null;
}

// An instance with its plan, stack and host, for jobs (no owner scope: jobs act for the platform).
export const loadInstanceParts = (db: Db, instanceId: string) => loadParts(db, eq(instances.id, instanceId));

// The same, for a customer: only their own instance, otherwise null (a 404 to them).
export const loadOwnedInstance = (db: Db, ownerId: string, instanceId: string) =>
  loadParts(db, and(eq(instances.id, instanceId), eq(instances.ownerId, ownerId)));
