import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, stacks } from "@/db/schema";
import { env } from "@/lib/env";
import { relaySocketPath } from "@/lib/providers/docker";
import { containerName } from "@/lib/instances/names";
import { caddyRequest } from "./caddy-admin";
import { caddyAdminListen, caddyConfig, type EdgeRoute } from "./caddy-config";

export type EdgeSync = { applied: boolean; routes: number; reason?: string };

// Every instance with a port that is not terminated keeps its route (a suspended one answers 502 for now);
// host-unsafe instances listen on their port themselves.
export async function edgeRoutes(db: Db): Promise<EdgeRoute[]> {
  const rows = await db
    .select({
      id: instances.id,
      slug: instances.slug,
      port: instances.port,
      mode: hosts.networkMode,
      address: hosts.publicAddress,
      appPort: stacks.port,
    })
    .from(instances)
    .innerJoin(hosts, eq(hosts.id, instances.hostId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .where(
      and(
        ne(instances.status, "terminated"),
        isNotNull(instances.port),
        inArray(hosts.networkMode, ["isolated", "bridge"]),
      ),
    );
  return rows.map((r) => ({
    slug: r.slug,
    listen: `${r.address}:${r.port}`,
    upstream:
      r.mode === "isolated"
        ? { socketPath: relaySocketPath(env.INSTANCE_SOCKET_DIR, r.id) }
        : { dial: `${containerName(r.slug)}:${r.appPort}` },
  }));
}

// Loads the whole desired configuration into the edge: idempotent, so a retry, the reconciler after an edge
// restart and two workers at once all end in the same place. The lock makes loads take turns, each reading the
// routes after the previous one was applied, so a later load never drops an instance an earlier one added.
async function applyOnce(db: Db): Promise<EdgeSync> {
  const adminUrl = env.EDGE_ADMIN_URL;
  if (!adminUrl) return { applied: false, routes: 0, reason: "EDGE_ADMIN_URL is not set" };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('berth-edge'))`);
    const routes = await edgeRoutes(tx);
    const res = await caddyRequest(adminUrl, "POST", "/load", caddyConfig(caddyAdminListen(adminUrl), routes));
    if (res.status !== 200)
      throw new Error(`The edge refused its configuration (${res.status}): ${res.text.slice(0, 500)}`);
    return { applied: true, routes: routes.length };
  });
}

// Callers in one process share a load under way and at most one more after it (a burst of provisions is one or
// two loads, not twenty); each caller's change is in the load it waits for.
let running: Promise<EdgeSync> | null = null;
let queued: Promise<EdgeSync> | null = null;

export function syncEdge(db: Db): Promise<EdgeSync> {
  if (queued) return queued;
  if (!running) {
    running = applyOnce(db).finally(() => (running = null));
    return running;
  }
  const after = running.catch(() => undefined);
  queued = after.then(() => {
    queued = null;
    return syncEdge(db);
  });
  return queued;
}
