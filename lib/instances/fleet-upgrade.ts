import { and, asc, eq, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { fleetUpgrades, instances, stacks, upgradeInstances, type FleetUpgrade } from "@/db/schema";
import { upgradeWave } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { inspectContainer } from "@/lib/providers/docker";
import { recordEvent } from "./events";
import { loadInstanceParts } from "./load";
import {
  describeWindow,
  formatWindowStart,
  nextWindowStart,
  windowOpen,
  type MaintenanceWindow,
} from "./maintenance-window";
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
  // The first two waves are the canaries: only instances free to upgrade now (no window, or an open one). The last
  // takes every instance left; those outside their window wait for it (deferred), applied by a scheduled job.
  const now = new Date();
  const candidates = await db
    .select({ id: instances.id, hour: instances.maintenanceHour, weekday: instances.maintenanceWeekday })
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
    .orderBy(asc(instances.createdAt));
  const free = candidates.filter((c) => windowOpen(c, now));
  const pending = wave < 3 ? free.slice(0, Math.max(0, size - inWave)) : free;
  for (const { id } of pending) {
    const parts = await loadInstanceParts(db, id);
    if (!parts?.host || parts.instance.status !== "running") continue;
    const result = await upgradeInstance(db, { ...parts, host: parts.host }, upgrade.image);
    await db
      .insert(upgradeInstances)
      .values({ upgradeId, instanceId: id, wave, ...result })
      .onConflictDoNothing();
  }
  if (wave >= 3) for (const c of candidates.filter((c) => !windowOpen(c, now))) await defer(db, upgrade, c, now);
  return finishWave(db, upgrade, wave);
}

// An instance outside its maintenance window: recorded as waiting, and its customer told when it will happen.
async function defer(db: Db, upgrade: FleetUpgrade, w: MaintenanceWindow & { id: string }, now: Date) {
  const parts = await loadInstanceParts(db, w.id);
  if (!parts?.host || !parts.instance.containerId) return;
  const current = await inspectContainer(parts.host.endpoint, parts.instance.containerId);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(upgradeInstances)
      .values({
        upgradeId: upgrade.id,
        instanceId: w.id,
        wave: 3,
        outcome: "deferred",
        fromImage: current?.Config.Image ?? "unknown",
        downtimeMs: 0,
      })
      .onConflictDoNothing()
      .returning({ id: upgradeInstances.instanceId });
    if (!row) return;
    const at = nextWindowStart(w, now);
    await recordEvent(tx, w.id, {
      type: "instance.upgrade_scheduled",
      message: `An upgrade to ${upgrade.image} waits for your maintenance window (${describeWindow(w).replace(/\.$/, "")}): it will be applied from ${formatWindowStart(at)}, with a backup first.`,
      data: { image: upgrade.image, upgradeId: upgrade.id, at: at.toISOString() },
    });
  });
}

// Ends the wave: stopped when too many of its instances rolled back (those still waiting for their window are
// cancelled), still running while some wait, completed after the last; otherwise the next wave.
export async function finishWave(db: Db, upgrade: FleetUpgrade, wave: number) {
  const all = await db
    .select({ instanceId: upgradeInstances.instanceId, outcome: upgradeInstances.outcome })
    .from(upgradeInstances)
    .where(and(eq(upgradeInstances.upgradeId, upgrade.id), eq(upgradeInstances.wave, wave)));
  const rows = all.filter((r) => r.outcome === "upgraded" || r.outcome === "rolled_back");
  const waiting = all.filter((r) => r.outcome === "deferred");
  const failed = rows.filter((r) => r.outcome === "rolled_back").length;
  if (rows.length && failed / rows.length > upgrade.failureThreshold) {
    await db.transaction(async (tx) => {
      await tx
        .update(fleetUpgrades)
        .set({
          status: "stopped",
          finishedAt: new Date(),
          error: `Wave ${wave}: ${failed} of ${rows.length} instances did not become healthy on ${upgrade.image} and were rolled back; the rollout stopped.`,
        })
        .where(eq(fleetUpgrades.id, upgrade.id));
      await cancelWaiting(tx, upgrade, waiting, "the rollout stopped after failed upgrades elsewhere");
    });
    return { stopped: true, wave, failed };
  }
  if (waiting.length) {
    await db.update(fleetUpgrades).set({ wave }).where(eq(fleetUpgrades.id, upgrade.id));
    return { waiting: waiting.length, wave };
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

// Waiting upgrades that will not happen, each instance's customer told why.
export async function cancelWaiting(db: Db, upgrade: FleetUpgrade, waiting: { instanceId: string }[], why: string) {
  for (const { instanceId } of waiting) {
    const [row] = await db
      .update(upgradeInstances)
      .set({ outcome: "cancelled", error: `Not applied: ${why}.` })
      .where(
        and(
          eq(upgradeInstances.upgradeId, upgrade.id),
          eq(upgradeInstances.instanceId, instanceId),
          eq(upgradeInstances.outcome, "deferred"),
        ),
      )
      .returning({ id: upgradeInstances.instanceId });
    if (row)
      await recordEvent(db, instanceId, {
        type: "instance.upgrade_cancelled",
        message: `The upgrade to ${upgrade.image} planned for your maintenance window is cancelled: ${why}. Your instance keeps its current version.`,
        data: { image: upgrade.image, upgradeId: upgrade.id },
      });
  }
}
