import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instanceMetrics, instances } from "@/db/schema";
import { readUsage, type ContainerUsage } from "@/lib/providers/docker-stats";

export const FINE_SECONDS = 10;
export const COARSE_SECONDS = 300;
export const FINE_KEEP_HOURS = 24;
export const COARSE_KEEP_DAYS = 30;
export const HOURLY_SECONDS = 3600;
export const HOURLY_KEEP_DAYS = 90;
// Beyond this a chart is drawn from 5-minute points: 10 s ones would be thousands of rows for 360 buckets.
const FINE_SERIES_HOURS = 6;
// Beyond this, from hourly points: 30 days of 5-minute ones are 8,640 rows to read for 360 buckets, hourly ones 720.
const COARSE_SERIES_HOURS = 48;
const PARALLEL_READS = 16;

const bucket = (at: Date, seconds: number) => new Date(Math.floor(at.getTime() / (seconds * 1000)) * seconds * 1000);

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

// One read per running instance's container, stored as the 10 s bucket of `at`. CPU is the container's CPU
// time since its previous sample over the wall time between them (100 = one full core). A second sample of
// the same bucket (a retried run) changes nothing.
export async function sampleMetrics(db: Db, at = new Date()): Promise<number> {
  const live = await db
    .select({ id: instances.id, containerId: instances.containerId, endpoint: hosts.endpoint })
    .from(instances)
    .innerJoin(hosts, eq(hosts.id, instances.hostId))
    .where(and(inArray(instances.status, ["running", "starting"]), isNotNull(instances.containerId)));
  if (!live.length) return 0;
  const previous = await db
    .selectDistinctOn([instanceMetrics.instanceId], {
      instanceId: instanceMetrics.instanceId,
      at: instanceMetrics.at,
      cpuNs: instanceMetrics.cpuNs,
    })
    .from(instanceMetrics)
    .where(
      and(
        eq(instanceMetrics.resolution, FINE_SECONDS),
        inArray(
          instanceMetrics.instanceId,
          live.map((l) => l.id),
        ),
        sql`${instanceMetrics.at} > now() - interval '10 minutes'`,
      ),
    )
    .orderBy(instanceMetrics.instanceId, desc(instanceMetrics.at));
  const before = new Map(previous.map((p) => [p.instanceId, p]));
  const when = bucket(at, FINE_SECONDS);
  const rows: (typeof instanceMetrics.$inferInsert)[] = [];
  await inBatches(live, PARALLEL_READS, async (i) => {
    const usage: ContainerUsage | null = await readUsage(i.endpoint, i.containerId!).catch(() => null);
    if (!usage) return;
    const prev = before.get(i.id);
    const wallNs = prev ? (when.getTime() - prev.at.getTime()) * 1e6 : 0;
    const cpuPercent =
      prev && wallNs > 0 && usage.cpuNs >= prev.cpuNs ? ((usage.cpuNs - prev.cpuNs) / wallNs) * 100 : null;
    rows.push({ instanceId: i.id, resolution: FINE_SECONDS, at: when, cpuPercent, ...usage });
  });
  if (!rows.length) return 0;
  const inserted = await db
    .insert(instanceMetrics)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: instanceMetrics.instanceId });
  return inserted.length;
}

// Every complete 5-minute bucket of the last two hours becomes (or is rewritten as) one row: mean CPU, peak
// memory, the last counters; then every complete hour of the last three, from those 5-minute rows, likewise.
// Then rows past their keep are deleted. Safe to run any number of times.
export async function rollUpMetrics(db: Db) {
  await db.execute(sql`
    insert into ${instanceMetrics} (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
    select instance_id, ${COARSE_SECONDS}, date_bin('5 minutes', at, timestamptz 'epoch') as b,
           avg(cpu_percent), max(cpu_ns), max(memory_bytes), max(memory_limit_bytes), max(net_rx_bytes), max(net_tx_bytes)
    from ${instanceMetrics}
    where resolution = ${FINE_SECONDS} and at >= now() - interval '2 hours'
      and at < date_bin('5 minutes', now(), timestamptz 'epoch')
    group by instance_id, b
    on conflict (instance_id, resolution, at) do update set
      cpu_percent = excluded.cpu_percent, cpu_ns = excluded.cpu_ns, memory_bytes = excluded.memory_bytes,
      memory_limit_bytes = excluded.memory_limit_bytes, net_rx_bytes = excluded.net_rx_bytes,
      net_tx_bytes = excluded.net_tx_bytes`);
  await db.execute(sql`
    insert into ${instanceMetrics} (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
    select instance_id, ${HOURLY_SECONDS}, date_bin('1 hour', at, timestamptz 'epoch') as b,
           avg(cpu_percent), max(cpu_ns), max(memory_bytes), max(memory_limit_bytes), max(net_rx_bytes), max(net_tx_bytes)
    from ${instanceMetrics}
    where resolution = ${COARSE_SECONDS} and at >= date_bin('1 hour', now() - interval '3 hours', timestamptz 'epoch')
      and at < date_bin('1 hour', now(), timestamptz 'epoch')
    group by instance_id, b
    on conflict (instance_id, resolution, at) do update set
      cpu_percent = excluded.cpu_percent, cpu_ns = excluded.cpu_ns, memory_bytes = excluded.memory_bytes,
      memory_limit_bytes = excluded.memory_limit_bytes, net_rx_bytes = excluded.net_rx_bytes,
      net_tx_bytes = excluded.net_tx_bytes`);
  const pruned = await db.execute(sql`
    delete from ${instanceMetrics}
    where (resolution = ${FINE_SECONDS} and at < now() - make_interval(hours => ${FINE_KEEP_HOURS}))
       or (resolution = ${COARSE_SECONDS} and at < now() - make_interval(days => ${COARSE_KEEP_DAYS}))
       or (resolution = ${HOURLY_SECONDS} and at < now() - make_interval(days => ${HOURLY_KEEP_DAYS}))`);
  return { pruned: pruned.count };
}

// Network counters are cumulative (bytes since the container started): a chart takes the rate between points.
export type MetricPoint = {
  at: string;
  cpuPercent: number | null;
  memoryBytes: number;
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
};
// A chart is a few hundred pixels wide: more points than this are averaged (CPU) or peaked (memory) into buckets.
export const MAX_POINTS = 360;

// The owner's instance's usage over the last `hours`: from 10 s points up to six hours, 5-minute points up to two
// days, hourly points beyond, in at most MAX_POINTS buckets.
// `since` (an `at` of an earlier answer) limits it to the points after that one.
export async function metricsSeries(db: Db, ownerId: string, instanceId: string, hours: number, since?: string) {
  const resolution =
    hours <= FINE_SERIES_HOURS ? FINE_SECONDS : hours <= COARSE_SERIES_HOURS ? COARSE_SECONDS : HOURLY_SECONDS;
  const step = Math.max(resolution, Math.ceil((hours * 3600) / MAX_POINTS / resolution) * resolution);
  // Inlined (an integer computed here), so the grouped expression is one and the same in select and group by.
  const at = sql<Date>`date_bin(interval '${sql.raw(String(Math.trunc(step)))} seconds', ${instanceMetrics.at}, timestamptz 'epoch')`;
  const rows = await db
    .select({
      at: sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      cpuPercent: sql<number | null>`avg(${instanceMetrics.cpuPercent})::float8`,
      memoryBytes: sql<number>`max(${instanceMetrics.memoryBytes})::float8`,
      memoryLimitBytes: sql<number>`max(${instanceMetrics.memoryLimitBytes})::float8`,
      netRxBytes: sql<number>`max(${instanceMetrics.netRxBytes})::float8`,
      netTxBytes: sql<number>`max(${instanceMetrics.netTxBytes})::float8`,
    })
    .from(instanceMetrics)
    .innerJoin(instances, and(eq(instances.id, instanceMetrics.instanceId), eq(instances.ownerId, ownerId)))
    .where(
      and(
        eq(instanceMetrics.instanceId, instanceId),
        eq(instanceMetrics.resolution, resolution),
        sql`${instanceMetrics.at} > now() - make_interval(hours => ${hours})`,
        since ? sql`${at} > ${since}::timestamptz` : undefined,
      ),
    )
    .groupBy(at)
    .orderBy(at);
  return { resolution, step, points: rows as MetricPoint[] };
}
