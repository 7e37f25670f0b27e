import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db";
import { fleetUpgrades, instances, upgradeInstances } from "@/db/schema";
import { inspectContainer } from "@/lib/providers/docker";
import { cancelWaiting, finishWave } from "./fleet-upgrade";
import { loadInstanceParts } from "./load";
import { windowOpen } from "./maintenance-window";
import { upgradeInstance } from "./upgrade-instance";

// A claim older than this belongs to a run that died: the row may be taken again.
const CLAIM_MS = 30 * 60_000;

// Every ten minutes: the upgrades waiting for a maintenance window that is open now (or was removed by the
// customer) are applied, one instance after the other, and each rollout they belong to is settled again. A row is
// claimed before its upgrade, and an instance already on the image is only recorded, so a retried or overlapping
// run upgrades nothing twice.
export async function applyDeferredUpgrades(db: Db, now = new Date()) {
  const waiting = await db
    .select({
      upgrade: fleetUpgrades,
      instanceId: upgradeInstances.instanceId,
      status: instances.status,
      hostId: instances.hostId,
      hour: instances.maintenanceHour,
      weekday: instances.maintenanceWeekday,
    })
    .from(upgradeInstances)
    .innerJoin(fleetUpgrades, eq(fleetUpgrades.id, upgradeInstances.upgradeId))
    .innerJoin(instances, eq(instances.id, upgradeInstances.instanceId))
    .where(and(eq(upgradeInstances.outcome, "deferred"), eq(fleetUpgrades.status, "running")));
  let upgraded = 0;
  let cancelled = 0;
  const touched = new Map<string, (typeof waiting)[number]["upgrade"]>();
  for (const w of waiting) {
    if (w.status === "terminated") {
      await cancelWaiting(db, w.upgrade, [w], "the instance was terminated");
      cancelled++;
      touched.set(w.upgrade.id, w.upgrade);
      continue;
    }
    // A stopped or suspended instance waits: it is upgraded in a window once it runs again.
    if (w.status !== "running" || !w.hostId || !windowOpen(w, now)) continue;
    if (!(await claim(db, w.upgrade.id, w.instanceId, now))) continue;
    touched.set(w.upgrade.id, w.upgrade);
    const parts = await loadInstanceParts(db, w.instanceId);
    if (!parts?.host) continue;
    const host = parts.host;
    const current = parts.instance.containerId
      ? await inspectContainer(host.endpoint, parts.instance.containerId)
      : null;
    const result =
      current?.Config.Image === w.upgrade.image
        ? { outcome: "upgraded" as const, fromImage: w.upgrade.image, downtimeMs: 0 }
        : await upgradeInstance(db, { ...parts, host }, w.upgrade.image);
    await db
      .update(upgradeInstances)
      .set({ ...result, error: result.error ?? null, createdAt: new Date() })
      .where(and(eq(upgradeInstances.upgradeId, w.upgrade.id), eq(upgradeInstances.instanceId, w.instanceId)));
    if (result.outcome === "upgraded") upgraded++;
  }
  for (const upgrade of touched.values()) await finishWave(db, upgrade, upgrade.wave);
  return { waiting: waiting.length, upgraded, cancelled, rollouts: touched.size };
}

async function claim(db: Db, upgradeId: string, instanceId: string, now: Date) {
  const [row] = await db
    .update(upgradeInstances)
    .set({ claimedAt: now })
    .where(
      and(
        eq(upgradeInstances.upgradeId, upgradeId),
        eq(upgradeInstances.instanceId, instanceId),
        eq(upgradeInstances.outcome, "deferred"),
        or(isNull(upgradeInstances.claimedAt), lt(upgradeInstances.claimedAt, new Date(now.getTime() - CLAIM_MS))),
      ),
    )
    .returning({ id: upgradeInstances.instanceId });
  return !!row;
}
