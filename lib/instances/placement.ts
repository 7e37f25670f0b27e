import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { createServer } from "node:net";
import type { Db } from "@/db";
import { hosts, instanceEvents, instances, plans, type Host, type Plan } from "@/db/schema";
import { portsHeldOnHost } from "@/lib/providers/docker-ports";
import { ensureDefaultHost, refreshHost } from "./hosts";
import { LIVE } from "./transitions";

export type Placement = { ok: true; host: Host } | { ok: false; reason: string; noHost?: true };

// Memory reserved on a host by its live instances, by plan size.
const reservedMb = (hostId: SQL) => sql<number>`coalesce((
  select sum(p.memory_mb) from ${instances} i join ${plans} p on p.id = i.plan_id
  where i.host_id = ${hostId} and i.status in (${sql.join(
    LIVE.map((s) => sql`${s}`),
    sql`, `,
  )})), 0)::int`;

export type HostCandidate = { host: Host; usedMb: number };

// Memory of placements this process has decided but not yet written, by host: a burst of decisions made from the
// same reading of the hosts would otherwise all pick the same one.
const beingPlaced = new Map<string, number>();

// Hosts that may take new instances, with the memory their live instances reserve: one query.
export const loadHostCandidates = (db: Db): Promise<HostCandidate[]> =>
  db
    .select({ host: hosts, usedMb: reservedMb(sql`${hosts.id}`) })
    .from(hosts)
    .where(ne(hosts.status, "draining"));

// The active, reachable host with the most free memory that fits the plan. `loaded` saves the query when the
// candidates were read already (a job reads them while it loads the instance).
export async function pickHost(db: Db, plan: Pick<Plan, "memoryMb">, loaded?: HostCandidate[]): Promise<Placement> {
  const candidates = loaded ?? (await loadHostCandidates(db));
  if (candidates.length === 0) return { ok: false, reason: "No Docker host is configured.", noHost: true };

  let best: { host: Host; free: number } | null = null;
  let reachable = 0;
  for (const candidate of candidates) {
    const host = await refreshHost(db, candidate.host, { maxAgeMs: 15_000 });
    if (host.status !== "active" || !host.memoryMb) continue;
    reachable++;
    const free = host.memoryMb - candidate.usedMb - (beingPlaced.get(host.id) ?? 0);
    if (free >= plan.memoryMb && (!best || free > best.free)) best = { host, free };
  }
  if (best) return { ok: true, host: best.host };
  if (reachable === 0) return { ok: false, reason: "No Docker engine is reachable right now." };
  return { ok: false, reason: `No host has ${plan.memoryMb} MB of memory free for this plan right now.` };
}

export type PlaceResult = { ok: true; host: Host; port: number | null } | { ok: false; reason: string };

// Picks a host and puts the instance on it, with its "placed" timeline event. The engine at DOCKER_HOST is
// registered by the worker at start; a fresh install whose worker did not do that yet gets it here.
export async function placeInstance(
  db: Db,
  instanceId: string,
  plan: Pick<Plan, "memoryMb">,
  candidates?: HostCandidate[],
): Promise<PlaceResult> {
  let picked = await pickHost(db, plan, candidates);
  if (!picked.ok && picked.noHost) {
    await ensureDefaultHost(db);
    picked = await pickHost(db, plan);
  }
  if (!picked.ok) return picked;
  const hostId = picked.host.id;
  beingPlaced.set(hostId, (beingPlaced.get(hostId) ?? 0) + plan.memoryMb);
  try {
    const assigned = await assignHost(db, instanceId, picked.host, plan);
    return assigned.ok ? { ok: true, host: picked.host, port: assigned.port } : assigned;
  } finally {
    const left = (beingPlaced.get(hostId) ?? 0) - plan.memoryMb;
    if (left > 0) beingPlaced.set(hostId, left);
    else beingPlaced.delete(hostId);
  }
}

export type Assignment = { ok: true; port: number | null } | { ok: false; reason: string };

// The instance also gets a port of its own on the host, the lowest one no other instance there holds; only a
// host-unsafe host's apps listen on it, so only there is it checked against what the host itself holds. A per-host
// advisory lock makes concurrent placements take turns; it is held for one statement, which checks the host's free
// memory and picks the port together. Docker is called only after it is released.
export async function assignHost(
  db: Db,
  instanceId: string,
  host: Host,
  plan: Pick<Plan, "memoryMb">,
): Promise<Assignment> {
  const busy: number[] = [];
  let held: Set<number> | undefined;
  for (;;) {
    const port = await placeLocked(db, instanceId, host, plan, busy);
    if (port === undefined) return { ok: false, reason: await whyNotPlaced(db, instanceId, host, plan) };
    if (port === null || host.networkMode !== "host-unsafe") return { ok: true, port };
    held ??= await portsHeldOnHost(host.endpoint);
    if (!held.has(port) && (await loopbackPortIsFree(host, port))) return { ok: true, port };
    // Held on that host by something that is not a live instance: keep the host, move to the next port.
    busy.push(port);
  }
}

// The lowest port of the host's range that no other instance there holds (nor `busy`).
const freePort = (host: Host, busy: number[] = []) =>
  sql`(select p from generate_series(${host.portRangeStart}::int, ${host.portRangeEnd}::int) p
        where p <> all(${`{${busy.join(",")}}`}::int[]) and not exists (
          select 1 from ${instances} o where o.host_id = ${host.id} and o.port = p and o.status <> 'terminated')
        order by p limit 1)`;

async function placeLocked(db: Db, instanceId: string, host: Host, plan: Pick<Plan, "memoryMb">, busy: number[]) {
  const port = freePort(host, busy);
  const room = busy.length
    ? sql`${instances.hostId} = ${host.id}`
    : sql`${instances.hostId} is null and ${reservedMb(sql`${host.id}::uuid`)} + ${plan.memoryMb} <= ${host.memoryMb ?? 0}${oneCustomerOnly(host)}`;
  // Lock and update go as one message, run as one transaction: the lock is released as soon as the update (and
  // its timeline event) is done, never held across a round trip to this possibly busy process. The update, a
  // statement of its own, sees every port the previous holder committed. Values go inline, escaped by drizzle.
  const results = (await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${host.id}));
    with choice as (select ${port} as port),
    placed as (
      update ${instances} set host_id = ${host.id}, port = choice.port from choice
      where ${instances.id} = ${checkedUuid(instanceId)} and ${room} and choice.port is not null
      returning ${instances.id} as id, ${instances.port} as port),
    event as (
      insert into ${instanceEvents} (instance_id, type, message, data)
      select id, 'instance.placed', ${`Placed on host ${host.name}.`}, jsonb_build_object('hostId', ${host.id}::text, 'port', port) from placed)
    select port from placed`.inlineParams(),
  )) as unknown as [unknown, { port: number | null }[]];
  return results[1][0]?.port;
}

// Moves a placed instance from one host to another, onto its container there, with the checks of placing it: the
// target's free memory and a port of its own, under the target's lock. Null when it no longer fits, or was moved.
export async function switchHost(
  db: Db,
  p: { instanceId: string; from: Host; to: Host; plan: Pick<Plan, "memoryMb">; containerId: string },
): Promise<{ port: number | null } | null> {
  const results = (await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${p.to.id}));
    with choice as (select ${freePort(p.to)} as port),
    moved as (
      update ${instances} set host_id = ${p.to.id}, port = choice.port, container_id = ${p.containerId} from choice
      where ${instances.id} = ${checkedUuid(p.instanceId)} and ${instances.hostId} = ${p.from.id}
        and ${reservedMb(sql`${p.to.id}::uuid`)} + ${p.plan.memoryMb} <= ${p.to.memoryMb ?? 0} and choice.port is not null
      returning ${instances.port} as port)
    select port from moved`.inlineParams(),
  )) as unknown as [unknown, { port: number | null }[]];
  return results[1][0] ?? null;
}

// A tenant on a host-unsafe host shares the host's network namespace: it may reach everything there, so such a
// host serves the instances of one customer and no other.
const oneCustomerOnly = (host: Host) =>
  host.networkMode !== "host-unsafe"
    ? sql``
    : sql` and not exists (
  select 1 from ${instances} o where o.host_id = ${host.id} and o.status <> 'terminated' and o.owner_id <> ${instances.ownerId})`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function checkedUuid(id: string) {
  if (!UUID.test(id)) throw new Error(`Invalid instance id: "${id}"`);
  return id;
}

async function whyNotPlaced(db: Db, instanceId: string, host: Host, plan: Pick<Plan, "memoryMb">) {
  const [row] = await db.select({ hostId: instances.hostId }).from(instances).where(eq(instances.id, instanceId));
  if (!row) return `Instance ${instanceId} no longer exists.`;
  if (row.hostId) return `Instance ${instanceId} was placed by another attempt meanwhile.`;
  const [used] = await db
    .select({ mb: reservedMb(sql`${host.id}::uuid`) })
    .from(hosts)
    .where(eq(hosts.id, host.id));
  if ((host.memoryMb ?? 0) - (used?.mb ?? 0) < plan.memoryMb)
    return `No host has ${plan.memoryMb} MB of memory free for this plan right now.`;
  if (host.networkMode === "host-unsafe") {
    const [other] = await db
      .select({ id: instances.id })
      .from(instances)
      .where(
        and(
          eq(instances.hostId, host.id),
          ne(instances.status, "terminated"),
          sql`${instances.ownerId} <> (select owner_id from ${instances} where id = ${instanceId})`,
        ),
      )
      .limit(1);
    if (other) return `Host ${host.name} uses host-unsafe networking and already serves another customer.`;
  }
  return `No free port left in ${host.portRangeStart}-${host.portRangeEnd} on host ${host.name}`;
}

// An engine reached over a Unix socket runs on this machine, so its host's loopback is this one's too.
function loopbackPortIsFree(host: Host, port: number): Promise<boolean> {
  if (!host.endpoint.startsWith("unix://")) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
