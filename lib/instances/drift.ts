import { and, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { fleetDrift } from "@/db/schema";

export type DriftKind = (typeof fleetDrift.$inferInsert)["kind"];

// Opens a drift record, or marks an open one as seen again.
export async function reportDrift(
  db: Db,
  d: {
    kind: DriftKind;
    hostId: string | null;
    instanceId?: string | null;
    containerId?: string | null;
    details?: Record<string, unknown>;
  },
) {
  // The conflict target is the partial expression index fleet_drift_open_key, which the query builder can't name.
  await db.execute(sql`
    insert into fleet_drift (kind, host_id, instance_id, container_id, details)
    values (${d.kind}, ${d.hostId}, ${d.instanceId ?? null}, ${d.containerId ?? null}, ${JSON.stringify(d.details ?? {})}::jsonb)
    on conflict (kind, coalesce(instance_id::text, ''), coalesce(container_id, '')) where resolved_at is null
    do update set last_seen_at = now(), details = excluded.details`);
}

// Drift a full pass did not see again has been resolved.
export async function resolveDriftNotSeenSince(db: Db, passStartedAt: Date) {
  await db
    .update(fleetDrift)
    .set({ resolvedAt: sql`now()` })
    .where(and(isNull(fleetDrift.resolvedAt), lt(fleetDrift.lastSeenAt, passStartedAt)));
}

export function openDrift(db: Db) {
  return db.select().from(fleetDrift).where(isNull(fleetDrift.resolvedAt)).orderBy(fleetDrift.detectedAt);
}
