import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import Docker from "dockerode";
import { sql } from "drizzle-orm";
import { createDb } from "../db";
import { hosts, instances, plans, stacks, users } from "../db/schema";
import { buildTestImages, TEST_IMAGES } from "../scripts/build-test-images";
import { startPrivateDockerd } from "../scripts/lib/docker-engine";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { percentile } from "./lib/stats";

// npm run bench:metrics: what sampling costs the worker for 200 running containers on a local engine (CPU per
// round, as a share of one core at one round every 10 s; rows per hour), and the p95 of the instance page's
// series query over 30 days of points for every one of them. Containers have no network, as instances do.
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 200);
const ROUNDS = 12;
const QUERY_RUNS = 60;

const work = path.resolve(`.data/bench/metrics-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({
  dir: path.join(work, "pg"),
  port: await freePort(),
  database: "bench",
  fresh: true,
});
const engine = await startPrivateDockerd({ dataDir: ".data/bench/docker-metrics" });
await buildTestImages(engine.dockerHost);
await prepareDatabase(pg.url, { demoStack: true });
process.env.DATABASE_URL = pg.url;
const { db, client } = createDb(pg.url, 4);
const docker = new Docker({ socketPath: engine.socketPath });

console.log(`starting ${INSTANCES} containers…`);
const [host] = await db.insert(hosts).values({ name: "bench", endpoint: engine.dockerHost }).returning();
const [owner] = await db
  .insert(users)
  .values({ email: `metrics-${randomUUID()}@example.test` })
  .returning();
const [plan] = await db.select().from(plans).limit(1);
const [stack] = await db.select().from(stacks).limit(1);
const ids: string[] = [];
for (let i = 0; i < INSTANCES; i += 10) {
  await Promise.all(
    Array.from({ length: Math.min(10, INSTANCES - i) }, async (_, k) => {
      const c = await docker.createContainer({
        Image: TEST_IMAGES.http,
        Env: ["PORT=8080"],
        Labels: { "berth.bench": "metrics" },
        HostConfig: { NetworkMode: "none", Memory: 64 * 1024 * 1024 },
      });
      await c.start();
      const [row] = await db
        .insert(instances)
        .values({
          ownerId: owner!.id,
          name: `m${i + k}`,
          slug: `m${i + k}-${randomUUID().slice(0, 6)}`,
          planId: plan!.id,
          stackId: stack!.id,
          hostId: host!.id,
          status: "running",
          containerId: c.id,
        })
        .returning();
      ids.push(row!.id);
    }),
  );
}

const { sampleMetrics, metricsSeries, rollUpMetrics } = await import("../lib/instances/metrics");
// Rounds back to back, each as the next 10 s bucket: the CPU this process spends per round is the cost.
const start = Math.ceil(Date.now() / 10_000) * 10_000 - ROUNDS * 10_000;
const cpuMs: number[] = [];
const wallMs: number[] = [];
let rows = 0;
for (let r = 0; r < ROUNDS; r++) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  rows += await sampleMetrics(db, new Date(start + r * 10_000));
  wallMs.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
}
const cpuPerRound = percentile(cpuMs.slice(1), 50);
// Each instance also gets 12 five-minute rows and one hourly row an hour.
const rowsPerRound = rows / ROUNDS;

// Points for every instance as the roll-ups keep them: 10 s for the last day, 5-minute for 30 days, hourly for 90.
console.log("seeding 30 days of points…");
await db.execute(sql`
  insert into instance_metrics (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
  select i.id, 10, g, random() * 50, 0, (random() * 64 * 1024 * 1024)::bigint, 67108864, 0, 0
  from instances i, generate_series(date_bin('10 seconds', now() - interval '1 day', timestamptz 'epoch'), now() - interval '3 minutes', interval '10 seconds') g
  on conflict do nothing`);
await db.execute(sql`
  insert into instance_metrics (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
  select i.id, 300, g, random() * 50, 0, (random() * 64 * 1024 * 1024)::bigint, 67108864, 0, 0
  from instances i, generate_series(date_bin('5 minutes', now() - interval '30 days', timestamptz 'epoch'), now() - interval '10 minutes', interval '5 minutes') g
  on conflict do nothing`);
await db.execute(sql`
  insert into instance_metrics (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
  select i.id, 3600, g, random() * 50, 0, (random() * 64 * 1024 * 1024)::bigint, 67108864, 0, 0
  from instances i, generate_series(date_bin('1 hour', now() - interval '90 days', timestamptz 'epoch'), now() - interval '1 hour', interval '1 hour') g
  on conflict do nothing`);
await db.execute(sql`analyze instance_metrics`);
const [{ count }] = (await db.execute(sql`select count(*)::int as count from instance_metrics`)) as unknown as [
  { count: number },
];
const rollT = performance.now();
await rollUpMetrics(db);
const rollMs = performance.now() - rollT;

const timings: Record<string, number[]> = { "1h": [], "24h": [], "30d": [] };
for (let q = 0; q < QUERY_RUNS; q++) {
  const id = ids[q % ids.length]!;
  for (const [label, hours] of [
    ["1h", 1],
    ["24h", 24],
    ["30d", 720],
  ] as const) {
    const t = performance.now();
    const series = await metricsSeries(db, owner!.id, id, hours);
    timings[label]!.push(performance.now() - t);
    if (q === 0) console.log(`series ${label}: ${series.points.length} points at ${series.resolution} s`);
  }
}

const share = (cpuPerRound / 10_000) * 100;
console.log(
  `sampling ${INSTANCES} containers: cpu per round p50=${cpuPerRound.toFixed(1)} ms (wall p50=${percentile(wallMs, 50).toFixed(0)} ms); at one round per 10 s that is ${share.toFixed(2)}% of one core; rows per hour=${Math.round(rowsPerRound * 360 + INSTANCES * 13)}`,
);
console.log(`roll-up over ${count} rows: ${rollMs.toFixed(0)} ms`);
for (const [label, values] of Object.entries(timings))
  console.log(
    `series query ${label}: p50=${percentile(values, 50).toFixed(1)} ms p95=${percentile(values, 95).toFixed(1)} ms`,
  );
console.log(`targets: sampling < 5% of one core, chart query p95 <= 50 ms`);
console.log(
  `metrics: sample_cpu_share=${share.toFixed(2)}% rows_per_hour=${Math.round(rowsPerRound * 360 + INSTANCES * 13)} query_p95_1h=${percentile(timings["1h"]!, 95).toFixed(1)}ms query_p95_30d=${percentile(timings["30d"]!, 95).toFixed(1)}ms`,
);

const mine = await docker.listContainers({ all: true, filters: { label: ["berth.bench=metrics"] } });
for (let i = 0; i < mine.length; i += 20)
  await Promise.all(mine.slice(i, i + 20).map((c) => docker.getContainer(c.Id).remove({ force: true })));
await client.end();
await engine.stop();
await pg.stop();
await rm(work, { recursive: true, force: true }).catch(() => {});
process.exit(0);
