import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instanceMetrics, instances, plans } from "@/db/schema";
import { FINE_SECONDS } from "@/lib/instances/metrics";
import { LIVE } from "@/lib/instances/transitions";

// Memory reserved on each host: the plan size of every live instance there (what placement counts too).
// Counted per (host, plan) so the partial index instances_live_host_plan_idx answers it without the table.
export async function hostUsage(db: Db) {
  const [all, sizes, counts] = await Promise.all([
    db.select().from(hosts).orderBy(hosts.createdAt),
    db.select({ id: plans.id, memoryMb: plans.memoryMb }).from(plans),
    db
      .select({ hostId: instances.hostId, planId: instances.planId, count: sql<number>`count(*)::int` })
      .from(instances)
      .where(
        and(sql`${instances.status} <> 'terminated'`, isNotNull(instances.hostId), inArray(instances.status, LIVE)),
      )
      .groupBy(instances.hostId, instances.planId),
  ]);
  const memory = new Map(sizes.map((p) => [p.id, p.memoryMb]));
  const used = new Map<string, { usedMb: number; count: number }>();
  for (const c of counts) {
    const u = used.get(c.hostId!) ?? { usedMb: 0, count: 0 };
    used.set(c.hostId!, { usedMb: u.usedMb + c.count * (memory.get(c.planId) ?? 0), count: u.count + c.count });
  }
  return all.map((host) => {
    const u = used.get(host.id);
    const usedMb = u?.usedMb ?? 0;
    return { host, usedMb, liveCount: u?.count ?? 0, freeMb: host.memoryMb === null ? null : host.memoryMb - usedMb };
  });
}

export function instancesOnHost(db: Db, hostId: string, limit = 20) {
  return db
    .select({
      id: instances.id,
      name: instances.name,
      status: instances.status,
      plan: plans.name,
      memoryMb: plans.memoryMb,
    })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .where(and(eq(instances.hostId, hostId), inArray(instances.status, LIVE)))
    .orderBy(desc(instances.createdAt))
    .limit(limit);
}

// Each host's summed usage over the last hour, by minute: the CPU of its instances (percent of one core) and
// their memory, from the 10 s points the worker samples.
export async function hostMetrics(db: Db) {
  const minute = sql<string>`to_char(date_bin(interval '1 minute', ${instanceMetrics.at}, timestamptz 'epoch') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const rows = await db
    .select({
      hostId: instances.hostId,
      at: minute,
      // The mean over the minute of each instance, summed over the host's instances.
      cpuPercent: sql<number>`coalesce(sum(${instanceMetrics.cpuPercent}) / nullif(count(distinct ${instanceMetrics.at}), 0), 0)::float8`,
      memoryBytes: sql<number>`(sum(${instanceMetrics.memoryBytes}) / nullif(count(distinct ${instanceMetrics.at}), 0))::float8`,
    })
    .from(instanceMetrics)
    .innerJoin(instances, eq(instances.id, instanceMetrics.instanceId))
    .where(
      and(
        eq(instanceMetrics.resolution, FINE_SECONDS),
        sql`${instanceMetrics.at} > now() - interval '1 hour'`,
        isNotNull(instances.hostId),
      ),
    )
    .groupBy(instances.hostId, minute)
    .orderBy(minute);
  const byHost = new Map<string, { at: string; cpuPercent: number; memoryBytes: number }[]>();
  for (const r of rows) {
    const list = byHost.get(r.hostId!) ?? [];
    list.push({ at: r.at, cpuPercent: Number(r.cpuPercent), memoryBytes: Number(r.memoryBytes ?? 0) });
    byHost.set(r.hostId!, list);
  }
  return byHost;
}
