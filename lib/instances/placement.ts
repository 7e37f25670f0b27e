import { and, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { createServer } from "node:net";
import type { Db } from "@/db";
import { hosts, instances, plans, type Host, type Plan } from "@/db/schema";
import { refreshHost } from "./hosts";
import { LIVE } from "./transitions";

export type Placement = { ok: true; host: Host } | { ok: false; reason: string };

// The active, reachable host with the most free memory that fits the plan. Memory is reserved by plan size.
export async function pickHost(db: Db, plan: Pick<Plan, "memoryMb">): Promise<Placement> {
  const candidates = await db.select().from(hosts).where(ne(hosts.status, "draining"));
  if (candidates.length === 0) return { ok: false, reason: "No Docker host is configured." };
  const reserved = await db
    .select({ hostId: instances.hostId, memoryMb: sql<number>`sum(${plans.memoryMb})::int` })
    .from(instances).innerJoin(plans, eq(plans.id, instances.planId))
    .where(and(isNotNull(instances.hostId), inArray(instances.status, LIVE)))
    .groupBy(instances.hostId);
  const used = new Map(reserved.map((r) => [r.hostId, r.memoryMb]));

  let best: { host: Host; free: number } | null = null;
  let reachable = 0;
  for (const candidate of candidates) {
    const host = await refreshHost(db, candidate, { maxAgeMs: 15_000 });
    if (host.status !== "active" || !host.memoryMb) continue;
    reachable++;
    const free = host.memoryMb - (used.get(host.id) ?? 0);
    if (free >= plan.memoryMb && (!best || free > best.free)) best = { host, free };
  }
  if (best) return { ok: true, host: best.host };
  if (reachable === 0) return { ok: false, reason: "No Docker engine is reachable right now." };
  return { ok: false, reason: `No host has ${plan.memoryMb} MB of memory free for this plan right now.` };
}

// Puts the instance on the host. With host networking it also needs a loopback port of its own: the lowest one
// neither taken by another instance on the host nor in use on this machine. A per-host advisory lock makes
// concurrent provisions take turns, so they never race for the same port.
export async function assignHost(db: Db, instanceId: string, host: Host): Promise<number | null> {
  if (host.networkMode !== "host") {
    await db.update(instances).set({ hostId: host.id }).where(and(eq(instances.id, instanceId), isNull(instances.hostId)));
    return null;
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${host.id}))`);
    const taken = await tx.select({ port: instances.port }).from(instances)
      .where(and(eq(instances.hostId, host.id), ne(instances.status, "terminated"), isNotNull(instances.port)));
    const used = new Set(taken.map((t) => t.port));
    for (let port = host.portRangeStart; port <= host.portRangeEnd; port++) {
      if (used.has(port) || !(await portIsFree(port))) continue;
      await tx.update(instances).set({ hostId: host.id, port }).where(and(eq(instances.id, instanceId), isNull(instances.hostId)));
      return port;
    }
    throw new Error(`No free port left in ${host.portRangeStart}-${host.portRangeEnd} on host ${host.name}`);
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
