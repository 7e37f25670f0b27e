import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { eq, inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { fleetUpgrades, hosts, instances, plans, stacks, upgradeInstances, users } from "@/db/schema";
import { demoStack } from "@/db/catalog-data";
import { ensureDefaultHost, refreshHost } from "@/lib/instances/hosts";
import { runUpgradeWave, startFleetUpgrade } from "@/lib/instances/fleet-upgrade";
import { loadInstanceParts } from "@/lib/instances/load";
import { placeInstance } from "@/lib/instances/placement";
import { containerSpec } from "@/lib/instances/spec";
import { dockerClient, ensureContainer, inspectContainer } from "@/lib/providers/docker";
import { tar } from "@/lib/providers/tar";
import { TEST_IMAGES } from "@/scripts/build-test-images";
import { percentile } from "./stats";

type Options = { instances: number; planMb: number; concurrency: number; second: string };

async function inPool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function buildV2(endpoint: string, image: string) {
  const docker = dockerClient(endpoint);
  const context = tar([
    { type: "file", name: "Dockerfile", data: Buffer.from(`FROM ${TEST_IMAGES.http}\nLABEL berth.bench-version=2\n`) },
  ]);
  const stream = await docker.buildImage(Readable.from([context]), { t: image, networkmode: "none", rm: true });
  await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

export async function run(o: Options) {
  const tag = randomUUID().slice(0, 8);
  const local = await refreshHost(db, await ensureDefaultHost(db));
  const [row] = await db
    .insert(hosts)
    .values({
      name: "second",
      endpoint: o.second,
      networkMode: "isolated",
      portRangeStart: 25_000,
      portRangeEnd: 25_999,
    })
    .returning();
  const second = await refreshHost(db, row!);
  const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const [plan] = await db
    .insert(plans)
    .values({
      ...starter!,
      id: undefined,
      slug: `bench-${tag}`,
      stripeLookupKey: `bench-${tag}`,
      memoryMb: o.planMb,
      createdAt: undefined,
      updatedAt: undefined,
    })
    .returning();
  const [stack] = await db
    .insert(stacks)
    .values({ ...demoStack, slug: `bench-${tag}`, name: `Bench ${tag}`, image: TEST_IMAGES.http })
    .returning();
  const [owner] = await db
    .insert(users)
    .values({ email: `bench-${tag}@example.test`, emailVerified: new Date() })
    .returning();
  const rows = await db
    .insert(instances)
    .values(
      Array.from({ length: o.instances }, (_, i) => ({
        ownerId: owner!.id,
        name: `b${i}`,
        slug: `b${i}-${tag}`,
        planId: plan!.id,
        stackId: stack!.id,
        status: "provisioning" as const,
      })),
    )
    .returning({ id: instances.id });

  // Placement alone: each decision reads the hosts' free memory and takes a port under the host's lock.
  const placedAt = performance.now();
  await inPool(rows, 8, async ({ id }) => {
    const placed = await placeInstance(db, id, plan!);
    if (!placed.ok) throw new Error(`placement refused: ${placed.reason}`);
  });
  const placeMs = performance.now() - placedAt;
  const byHost = await db
    .select({ hostId: instances.hostId, n: sql<number>`count(*)::int` })
    .from(instances)
    .where(eq(instances.planId, plan!.id))
    .groupBy(instances.hostId);
  const reserved = (id: string) => (byHost.find((b) => b.hostId === id)?.n ?? 0) * o.planMb;
  const free = [local, second].map((h) => h.memoryMb! - reserved(h.id));
  console.log(
    `placement: ${o.instances} decisions in ${(placeMs / 1000).toFixed(2)} s = ${((o.instances * 1000) / placeMs).toFixed(0)} per second; ` +
      `${local.name} ${reserved(local.id) / o.planMb}, ${second.name} ${reserved(second.id) / o.planMb} instances; ` +
      `free memory imbalance ${Math.abs(free[0]! - free[1]!)} MB (goal: ≤ one plan, ${o.planMb} MB)`,
  );

  // Real containers on both engines, then running.
  const createdAt = performance.now();
  await inPool(rows, o.concurrency, async ({ id }) => {
    const parts = (await loadInstanceParts(db, id))!;
    const made = await ensureContainer(containerSpec({ ...parts, host: parts.host! }));
    await db
      .update(instances)
      .set({ status: "running", containerId: made.id, readyAt: new Date() })
      .where(eq(instances.id, id));
  });
  console.log(
    `created ${o.instances} instances (app + relay each) in ${((performance.now() - createdAt) / 1000).toFixed(1)} s`,
  );

  const v2 = `berth-bench/http:v2-${tag}`;
  await Promise.all([local.endpoint, second.endpoint].map((e) => buildV2(e, v2)));
  await db.update(stacks).set({ image: v2 }).where(eq(stacks.id, stack!.id));
  const started = await startFleetUpgrade(db, { stackId: stack!.id, startedBy: null });
  if ("error" in started) throw new Error(started.error);
  const upgradeAt = performance.now();
  // The waves run here one after the other, as the upgrade-wave job chains them.
  for (let wave = 1; wave <= 3; wave++) await runUpgradeWave(db, started.upgradeId, wave);
  const upgradeMs = performance.now() - upgradeAt;
  const [upgrade] = await db.select().from(fleetUpgrades).where(eq(fleetUpgrades.id, started.upgradeId));
  const results = await db.select().from(upgradeInstances).where(eq(upgradeInstances.upgradeId, started.upgradeId));
  const downtimes = results.map((r) => r.downtimeMs);

  const after = await db
    .select({ id: instances.id, containerId: instances.containerId, hostId: instances.hostId })
    .from(instances)
    .where(
      inArray(
        instances.id,
        rows.map((r) => r.id),
      ),
    );
  let old = 0;
  let down = 0;
  for (const i of after) {
    const endpoint = i.hostId === local.id ? local.endpoint : second.endpoint;
    const info = await inspectContainer(endpoint, i.containerId!);
    if (info?.Config.Image !== v2) old++;
    if (!info?.State.Running) down++;
  }
  console.log(
    `upgrade: ${upgrade!.status} in ${(upgradeMs / 1000).toFixed(1)} s; ${results.filter((r) => r.outcome === "upgraded").length} upgraded, ` +
      `${results.filter((r) => r.outcome === "rolled_back").length} rolled back; per-instance downtime p50 ${percentile(downtimes, 50)} ms, ` +
      `p95 ${percentile(downtimes, 95)} ms, max ${Math.max(...downtimes)} ms (goal: ≤ 2000 ms); ${old} left on the old image, ${down} down (goal: 0, 0)`,
  );
}
