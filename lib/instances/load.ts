import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, plans, stacks } from "@/db/schema";

// An instance with its plan, stack and host, for jobs (no owner scope: jobs act for the platform).
export async function loadInstanceParts(db: Db, instanceId: string) {
  const [row] = await db.select({ instance: instances, plan: plans, stack: stacks, host: hosts })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(eq(instances.id, instanceId));
  return row ?? null;
}

// The same, for a customer: only their own instance, otherwise null (a 404 to them).
export async function loadOwnedInstance(db: Db, ownerId: string, instanceId: string) {
  const [row] = await db.select({ instance: instances, plan: plans, stack: stacks, host: hosts })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, ownerId)));
  return row ?? null;
}
