import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { fleetUpgrades, stacks, upgradeInstances } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import { startFleetUpgrade } from "@/lib/instances/fleet-upgrade";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "./audit";

// Staff roll a stack's current image out to its running instances; audited.
export async function rollOutStack(db: Db, actor: Actor, p: { stackId: string }): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const started = await startFleetUpgrade(db, { stackId: p.stackId, startedBy: actor.id });
  if ("error" in started) return started;
  await recordAudit(db, {
    actorId: actor.id,
    action: "stack.roll_out",
    targetType: "stack",
    targetId: p.stackId,
    ip: actor.ip,
    details: { upgradeId: started.upgradeId, instances: started.total },
  });
  return {
    success: `Rolling out to ${started.total} running instance(s): one first, then a tenth, then the rest.`,
  };
}

// The latest rollouts with their progress, for /admin/catalog.
export function listUpgrades(db: Db, limit = 10) {
  return db
    .select({
      id: fleetUpgrades.id,
      stack: stacks.name,
      image: fleetUpgrades.image,
      status: fleetUpgrades.status,
      wave: fleetUpgrades.wave,
      total: fleetUpgrades.total,
      error: fleetUpgrades.error,
      createdAt: fleetUpgrades.createdAt,
      upgraded: sql<number>`count(${upgradeInstances.instanceId}) filter (where ${upgradeInstances.outcome} = 'upgraded')::int`,
      rolledBack: sql<number>`count(${upgradeInstances.instanceId}) filter (where ${upgradeInstances.outcome} = 'rolled_back')::int`,
      waiting: sql<number>`count(${upgradeInstances.instanceId}) filter (where ${upgradeInstances.outcome} = 'deferred')::int`,
      cancelled: sql<number>`count(${upgradeInstances.instanceId}) filter (where ${upgradeInstances.outcome} = 'cancelled')::int`,
      maxDowntimeMs: sql<number | null>`max(${upgradeInstances.downtimeMs})`,
    })
    .from(fleetUpgrades)
    .innerJoin(stacks, eq(stacks.id, fleetUpgrades.stackId))
    .leftJoin(upgradeInstances, eq(upgradeInstances.upgradeId, fleetUpgrades.id))
    .groupBy(fleetUpgrades.id, stacks.name)
    .orderBy(desc(fleetUpgrades.createdAt))
    .limit(limit);
}
