import { and, asc, eq, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { fleetUpgrades, instances, stacks, upgradeInstances, type FleetUpgrade } from "@/db/schema";
import { upgradeWave } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { loadInstanceParts } from "./load";
import { upgradeInstance } from "./upgrade-instance";

// Wave sizes: one instance first, then a tenth of them, then the rest.
export function waveSize(wave: number, total: number, done: number): number {
  if (wave === 1) return 1;
  if (wave === 2) return Math.max(1, Math.ceil(total / 10));
  return Math.max(0, total - done);
}

const runningOfStack = (stackId: string) =>
  and(eq(instances.stackId, stackId), eq(instances.status, "running"), sql`${instances.hostId} is not null`);

export type StartResult = { error: string } | { ok: true; upgradeId: string; total: number };

// Rolls the stack's current image out to its running instances. One rollout per stack at a time.
export async function startFleetUpgrade(
  db: Db,
  p: { stackId: string; startedBy: string | null; failureThreshold?: number },
): Promise<StartResult> {
  const [stack] = await db.select().from(stacks).where(eq(stacks.id, p.stackId));
  if (!stack) return { error: "Stack not found." };
  const [running] = await db
    .select({ id: fleetUpgrades.id })
    .from(fleetUpgrades)
    .where(and(eq(fleetUpgrades.stackId, stack.id), eq(fleetUpgrades.status, "running")));
  if (running) return { error: `An upgrade of ${stack.name} is already rolling out.` };
  const total = await db.$count(instances, runningOfStack(stack.id));
  if (total === 0) return { error: `No instance of ${stack.name} is running: new ones start on ${stack.image}.` };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fleetUpgrades)
      .values({
        stackId: stack.id,
        image: stack.image,
        total,
        startedBy: p.startedBy,
        failureThreshold: p.failureThreshold ?? 0.2,
      })
      .returning();
    await enqueue(upgradeWave, { upgradeId: row!.id, wave: 1 }, { idempotencyKey: `upgrade:${row!.id}:1` }, tx);
    return { ok: true as const, upgradeId: row!.id, total };
  });
}

// One wave: its instances one after the other (each recorded, so a retried wave skips those done), then the next
// wave, or the end: completed, or stopped when more than the threshold of this wave rolled back.
export async function runUpgradeWave(db: Db, upgradeId: string, wave: number) {
  const [upgrade] = await db.select().from(fleetUpgrades).where(eq(fleetUpgrades.id, upgradeId));
  if (!upgrade || upgrade.status !== "running" || upgrade.wave > wave) return { skipped: true };
  const done = await db.$count(upgradeInstances, eq(upgradeInstances.upgradeId, upgradeId));
  const inWave = await db.$count(
    upgradeInstances,
    and(eq(upgradeInstances.upgradeId, upgradeId), eq(upgradeInstances.wave, wave)),
  );
  const size = waveSize(wave, upgrade.total, done - inWave);
  const pending = await db
    .select({ id: instances.id })
    .from(instances)
    .where(
      and(
        runningOfStack(upgrade.stackId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(upgradeInstances)
            .where(and(eq(upgradeInstances.upgradeId, upgradeId), eq(upgradeInstances.instanceId, instances.id))),
        ),
      ),
    )
    .orderBy(asc(instances.createdAt))
    .limit(Math.max(0, size - inWave));
  for (const { id } of pending) {
    const parts = await loadInstanceParts(db, id);
    if (!parts?.host || parts.instance.status !== "running") continue;
    const result = await upgradeInstance(db, { ...parts, host: parts.host }, upgrade.image);
    await db
      .insert(upgradeInstances)
      .values({ upgradeId, instanceId: id, wave, ...result })
      .onConflictDoNothing();
  }
  return finishWave(db, upgrade, wave);
}

async function finishWave(db: Db, upgrade: FleetUpgrade, wave: number) {
  const rows = await db
    .select({ outcome: upgradeInstances.outcome })
    .from(upgradeInstances)
    .where(and(eq(upgradeInstances.upgradeId, upgrade.id), eq(upgradeInstances.wave, wave)));
  const failed = rows.filter((r) => r.outcome === "rolled_back").length;
  if (rows.length && failed / rows.length > upgrade.failureThreshold) {
    await db
      .update(fleetUpgrades)
      .set({
        status: "stopped",
        finishedAt: new Date(),
        error: `Wave ${wave}: ${failed} of ${rows.length} instances did not become healthy on ${upgrade.image} and were rolled back; the rollout stopped.`,
      })
      .where(eq(fleetUpgrades.id, upgrade.id));
    return { stopped: true, wave, failed };
  }
  const left = await db.$count(
    instances,
    and(
      runningOfStack(upgrade.stackId),
      notExists(
        db
          .select({ one: sql`1` })
          .from(upgradeInstances)
          .where(and(eq(upgradeInstances.upgradeId, upgrade.id), eq(upgradeInstances.instanceId, instances.id))),
      ),
    ),
  );
  if (left === 0 || wave >= 3) {
    await db
      .update(fleetUpgrades)
      .set({ status: "completed", wave, finishedAt: new Date() })
      .where(eq(fleetUpgrades.id, upgrade.id));
    return { completed: true, wave };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(fleetUpgrades)
      .set({ wave: wave + 1 })
      .where(eq(fleetUpgrades.id, upgrade.id));
    await enqueue(
      upgradeWave,
      { upgradeId: upgrade.id, wave: wave + 1 },
      { idempotencyKey: `upgrade:${upgrade.id}:${wave + 1}` },
      tx,
    );
  });
  return { next: wave + 1 };
}
