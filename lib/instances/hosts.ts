import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, type Host } from "@/db/schema";
import { env } from "@/lib/env";
import { engineInfo } from "@/lib/providers/docker";
import { alertHostDown } from "./host-down";

// The engine at DOCKER_HOST is the first host, so a fresh install has somewhere to place instances.
export async function ensureDefaultHost(db: Db): Promise<Host> {
  await db
    .insert(hosts)
    .values({
      name: "local",
      endpoint: env.DOCKER_HOST,
      networkMode: env.INSTANCE_NETWORK,
      portRangeStart: env.INSTANCE_PORTS[0],
      portRangeEnd: env.INSTANCE_PORTS[1],
    })
    .onConflictDoNothing();
  const [row] = await db.select().from(hosts).where(eq(hosts.endpoint, env.DOCKER_HOST));
  return row ?? (await db.select().from(hosts).where(eq(hosts.name, "local")))[0]!;
}

// Refreshes under way, by host: a burst of placements asks the engine once, not once per instance (each
// `docker info` costs the engine, which is busy creating those very containers).
const refreshing = new Map<string, Promise<Host>>();

// Asks the engine how it is, and records the answer (capacity, version, reachability) on the host row.
// With `maxAgeMs`, an answer that recent is trusted as it is (placement asks for every instance). Callers
// asking while a refresh of the host is under way share its answer, so `db` must not be a transaction.
export async function refreshHost(db: Db, host: Host, opts: { maxAgeMs?: number } = {}): Promise<Host> {
  const age = host.lastSeenAt ? Date.now() - host.lastSeenAt.getTime() : Infinity;
  if (opts.maxAgeMs && host.status === "active" && age < opts.maxAgeMs) return host;
  const pending = refreshing.get(host.id);
  if (pending) return pending;
  const refresh = askEngine(db, host).finally(() => refreshing.delete(host.id));
  refreshing.set(host.id, refresh);
  return refresh;
}

async function askEngine(db: Db, host: Host): Promise<Host> {
  const info = await engineInfo(host.endpoint, { timeoutMs: 3000 });
  const [row] = await db
    .update(hosts)
    .set(
      info.reachable
        ? {
            memoryMb: Math.floor((info.memTotal / 1024 / 1024) * env.HOST_MEMORY_OVERCOMMIT),
            cpus: info.cpus,
            version: info.version,
            lastSeenAt: sql`now()`,
            lastError: null,
            status: host.status === "unreachable" ? (host.drainedAt ? "draining" : "active") : host.status,
          }
        : { status: "unreachable", lastError: info.error },
    )
    .where(eq(hosts.id, host.id))
    .returning();
  // The answer that it went down alerts staff; the alert's key keeps refreshes from a stale row from repeating it.
  // A page may be the one that noticed: a mail server that is down too must not fail it (the email log shows it).
  if (!info.reachable && host.status !== "unreachable")
    await alertHostDown(db, row!).catch((error: unknown) =>
      console.error(`Host-down alert for ${host.name} not sent:`, error),
    );
  return row!;
}

export async function listHosts(db: Db) {
  return db.select().from(hosts).orderBy(hosts.createdAt);
}
