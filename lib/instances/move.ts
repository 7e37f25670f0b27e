import { and, eq, isNull } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { backups, hosts, instanceMoves, type Host, type InstanceMove } from "@/db/schema";
import { syncEdge } from "@/lib/edge/sync";
import {
  ensureContainer,
  removeContainer,
  removeInstanceNetwork,
  removeVolume,
  startContainer,
  stopContainer,
  stopRelay,
} from "@/lib/providers/docker";
import { createBackupRow, restoreBackup, writeBackup } from "./backups";
import { recordEvent } from "./events";
import { loadInstanceParts } from "./load";
import { loadHostCandidates, pickHost, switchHost } from "./placement";
import { statusOf } from "./ready-check";
import { appEndpoint, containerSpec, type InstanceParts } from "./spec";

const MOVABLE = ["running", "suspended"];
const HEALTHY_WITHIN_MS = 60_000;

export type MoveOutcome = { moved: true; to: string } | { moved: false; reason: string };

// Moves an instance off `fromHostId` onto another host: its app stops, a backup carries its data (streamed to
// object storage), a container is made on the new host and the backup restored into it, its health path must
// answer there, then the instance is switched to it (the edge routes it there; its address does not change) and
// what was left on the old host is removed. Each step is recorded on the move, so a retry goes on from where the
// last attempt stopped; a move of an instance that is no longer on that host only finishes the clean-up.
export async function moveInstanceOff(db: Db, instanceId: string, fromHostId: string): Promise<MoveOutcome> {
  const parts = await loadInstanceParts(db, instanceId);
  const [from] = await db.select().from(hosts).where(eq(hosts.id, fromHostId));
  if (!parts || !from) return { moved: false, reason: "The instance or its host no longer exists." };
  let move = await openMove(db, instanceId, fromHostId);
  if (parts.instance.hostId !== fromHostId) {
    if (move?.switchedAt) await cleanUp(db, move, from, parts.instance.containerId);
    return { moved: false, reason: "The instance is not on that host." };
  }
  if (!MOVABLE.includes(parts.instance.status))
    return { moved: false, reason: `An instance that is ${parts.instance.status} is not moved.` };
  const old = { ...parts, host: from };
  if (!move) {
    [move] = await db.insert(instanceMoves).values({ instanceId, fromHostId }).onConflictDoNothing().returning();
    move ??= (await openMove(db, instanceId, fromHostId))!;
    await recordEvent(db, instanceId, {
      type: "instance.moving",
      message: `Moving to another server: ${from.name} is being emptied for maintenance. It is stopped meanwhile; its data and address stay the same.`,
    });
  }

  // Nothing is written once it stops, so the backup holds all of its data; its relay stops too, freeing the socket.
  if (parts.instance.containerId) await stopContainer(from.endpoint, parts.instance.containerId);
  await stopRelay(from.endpoint, instanceId);
  const backup = await moveBackup(db, move, old);

  const to = await target(db, move, parts, from);
  if (!to) throw new Error(`No other host has ${parts.plan.memoryMb} MB of memory free for ${parts.instance.slug}.`);
  const fresh = { ...parts, host: to };
  const made = await ensureContainer(containerSpec(fresh));
  await db.update(instanceMoves).set({ containerId: made.id }).where(eq(instanceMoves.id, move.id));
  const placed = { ...fresh, instance: { ...parts.instance, containerId: made.id } };
  await restoreBackup(placed, backup);
  await healthy(placed);

  const switched = await switchHost(db, { instanceId, from, to, plan: parts.plan, containerId: made.id });
  if (!switched) throw new Error(`Host ${to.name} no longer has room for ${parts.instance.slug}.`);
  const [done] = await db
    .update(instanceMoves)
    .set({ switchedAt: new Date() })
    .where(eq(instanceMoves.id, move.id))
    .returning();
  if (parts.instance.status === "suspended") await stopContainer(to.endpoint, made.id);
  await syncEdge(db);
  await recordEvent(db, instanceId, {
    type: "instance.moved",
    message: `Moved from ${from.name} to ${to.name}, with its data as it was when it stopped; its address is unchanged.`,
    data: { fromHostId: from.id, toHostId: to.id, backupId: backup.id },
  });
  await cleanUp(db, done!, from, parts.instance.containerId);
  return { moved: true, to: to.id };
}

const openMove = async (db: Db, instanceId: string, fromHostId: string): Promise<InstanceMove | undefined> =>
  (
    await db
      .select()
      .from(instanceMoves)
      .where(
        and(
          eq(instanceMoves.instanceId, instanceId),
          eq(instanceMoves.fromHostId, fromHostId),
          isNull(instanceMoves.finishedAt),
        ),
      )
  )[0];

async function moveBackup(db: Db, move: InstanceMove, old: Omit<InstanceParts, "plan">) {
  const [existing] = move.backupId ? await db.select().from(backups).where(eq(backups.id, move.backupId)) : [];
  if (existing?.status === "completed") return existing;
  const row = existing ?? (await createBackupRow(db, old.instance.id, "automatic"));
  if (!existing) await db.update(instanceMoves).set({ backupId: row.id }).where(eq(instanceMoves.id, move.id));
  return writeBackup(db, old, row);
}

// The host chosen by the first attempt, or the one with the most free memory other than the one being emptied.
async function target(
  db: Db,
  move: InstanceMove,
  parts: Pick<InstanceParts, "plan">,
  from: Host,
): Promise<Host | null> {
  if (move.toHostId) return (await db.select().from(hosts).where(eq(hosts.id, move.toHostId)))[0] ?? null;
  const others = (await loadHostCandidates(db)).filter(
    (c) => c.host.id !== from.id && c.host.networkMode !== "host-unsafe",
  );
  const picked = await pickHost(db, parts.plan, others);
  if (!picked.ok) return null;
  await db.update(instanceMoves).set({ toHostId: picked.host.id }).where(eq(instanceMoves.id, move.id));
  return picked.host;
}

async function healthy(parts: Omit<InstanceParts, "plan">) {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const status = await statusOf(appEndpoint(parts), parts.stack.healthPath, 2000);
      if (status >= 200 && status < 300) return;
      last = `answered ${status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`On ${parts.host.name} the health check at ${parts.stack.healthPath} did not pass: ${last}`);
}

// The old host's container, relay (stopped before, so its socket is not touched) and volume; then the move is done.
async function cleanUp(db: Db, move: InstanceMove, from: Host, oldContainerId: string | null) {
  if (oldContainerId && oldContainerId !== move.containerId) await removeContainer(from.endpoint, oldContainerId);
  await removeInstanceNetwork(from.endpoint, move.instanceId);
  await removeVolume(from.endpoint, move.instanceId);
  await db.update(instanceMoves).set({ finishedAt: new Date() }).where(eq(instanceMoves.id, move.id));
}

// After the last failed attempt: what was made on the new host goes (its relay first, which frees the socket) and the
// instance starts again where it was, as it was; the move ends with its reason.
export async function abandonMove(db: Db, instanceId: string, fromHostId: string, reason: string) {
  const move = await openMove(db, instanceId, fromHostId);
  const parts = await loadInstanceParts(db, instanceId);
  const [from] = await db.select().from(hosts).where(eq(hosts.id, fromHostId));
  if (!move || move.switchedAt || !parts || !from) return;
  const [to] = move.toHostId ? await db.select().from(hosts).where(eq(hosts.id, move.toHostId)) : [];
  if (to) {
    if (move.containerId) await removeContainer(to.endpoint, move.containerId);
    await removeInstanceNetwork(to.endpoint, instanceId);
    await removeVolume(to.endpoint, instanceId);
  }
  if (parts.instance.status === "running" && parts.instance.containerId)
    await startContainer(from.endpoint, parts.instance.containerId);
  await db.update(instanceMoves).set({ finishedAt: new Date(), error: reason }).where(eq(instanceMoves.id, move.id));
  await recordEvent(db, instanceId, {
    type: "instance.move_failed",
    message: `The move to another server failed (${reason}); it runs on ${from.name} again, with its data as it was.`,
  });
}
