import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db";
import { hosts, instances, plans, type Host } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { provisionInstance, terminateInstance } from "@/jobs/contracts";
import { ensureDefaultHost, refreshHost } from "@/lib/instances/hosts";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";

// The suite's second engine (started by the vitest global setup). Tests that need a second engine fail without it.
export function secondEngineSocket(): string {
  const dockerHost = process.env.DOCKER_HOST_2;
  if (!dockerHost?.startsWith("unix://"))
    throw new Error("DOCKER_HOST_2 is not set: the fleet suites need the second engine of the vitest global setup");
  return dockerHost.slice("unix://".length);
}

export type SecondHost = {
  host: Host;
  endpoint: string;
  /** The engine stops answering at the host's address (every connection to it is cut), and answers again. */
  takeDown: () => Promise<void>;
  bringBack: () => Promise<void>;
  remove: () => Promise<void>;
};

// The second engine added as a host, at an address of its own: a socket that forwards to the engine's, so that a
// test can make the host stop answering without stopping the engine. Instances left on it are terminated by `remove`.
export async function addSecondHost(o: { networkMode?: string; ports?: [number, number] } = {}): Promise<SecondHost> {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-host2-"));
  const address = path.join(dir, "docker.sock");
  const forwarder = socketForwarder(address, secondEngineSocket());
  await forwarder.open();
  const endpoint = `unix://${address}`;
  const [row] = await db
    .insert(hosts)
    .values({
      name: `second-${randomUUID().slice(0, 8)}`,
      endpoint,
      networkMode: o.networkMode ?? "isolated",
      portRangeStart: o.ports?.[0] ?? 23_000,
      portRangeEnd: o.ports?.[1] ?? 23_999,
    })
    .returning();
  const host = await refreshHost(db, row!);
  if (host.status !== "active") throw new Error(`The second engine did not answer: ${host.lastError}`);
  return {
    host,
    endpoint,
    takeDown: forwarder.close,
    bringBack: forwarder.open,
    remove: async () => {
      const left = await db.select({ id: instances.id }).from(instances).where(eq(instances.hostId, host.id));
      await terminateAll(left.map((l) => l.id));
      // Their rows go with the host, so that no later suite sees a host that is not there.
      await db.delete(instances).where(eq(instances.hostId, host.id));
      await db.delete(hosts).where(eq(hosts.id, host.id));
      await forwarder.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Listens at `address` and pipes each connection to the socket at `target`; closing cuts every connection.
function socketForwarder(address: string, target: string) {
  let server: Server | undefined;
  const open = new Set<Socket>();
  return {
    open: () =>
      new Promise<void>((resolve, reject) => {
        if (server?.listening) return resolve();
        rmSync(address, { force: true });
        server = createServer((client) => {
          const upstream = connect(target);
          for (const s of [client, upstream]) {
            open.add(s);
            s.on("close", () => open.delete(s));
            s.on("error", () => {});
          }
          client.pipe(upstream).pipe(client);
        });
        server.once("error", reject);
        server.listen(address, () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        if (!server?.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

// A plan of its own whose memory is a share of the smaller engine's, so that placement by memory is decided by it.
export async function planSizedTo(share: number) {
  const local = await refreshHost(db, await ensureDefaultHost(db));
  const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const tag = randomUUID().slice(0, 8);
  const [plan] = await db
    .insert(plans)
    .values({
      ...starter!,
      id: undefined,
      slug: `fleet-${tag}`,
      name: `Fleet ${tag}`,
      stripeLookupKey: `fleet-${tag}`,
      memoryMb: Math.floor(local.memoryMb! * share),
      active: false,
      createdAt: undefined,
      updatedAt: undefined,
    })
    .returning();
  return plan!;
}

// A customer's instance of the demo stack, provisioned by the worker through the normal job.
export async function provisioned(tag: string, planId: string, stackId?: string) {
  const { user } = await customerWithKey(tag);
  stackId ??= (await catalogIds()).stackId;
  const [row] = await db
    .insert(instances)
    .values({
      ownerId: user.id,
      name: tag,
      slug: `${tag}-${randomUUID().slice(0, 8)}`,
      planId,
      stackId,
      status: "provisioning",
      desiredState: "running",
      isTrial: true,
    })
    .returning();
  await enqueue(provisionInstance, { instanceId: row!.id }, { idempotencyKey: `provision:${row!.id}` });
  return row!;
}

export async function terminateAll(ids: string[]) {
  const live = ids.length
    ? await db.select({ id: instances.id, status: instances.status }).from(instances).where(inArray(instances.id, ids))
    : [];
  for (const { id, status } of live) {
    if (status === "terminated") continue;
    await enqueue(terminateInstance, { instanceId: id, reason: "test over" }, { idempotencyKey: `fleet-end:${id}` });
  }
  for (const { id } of live) await waitForInstance(id, (i) => i.status === "terminated", 60_000);
}
