import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceMetrics, instances, users } from "@/db/schema";
import { sendEmail } from "@/lib/mail";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { appUrl } from "@/lib/urls";
import { recordEvent } from "./events";
import { FINE_SECONDS } from "./metrics";

const MiB = 1024 * 1024;
const WINDOW = sql`interval '10 minutes'`;
const NEAR = 0.9;
const CLEAR_BELOW = 0.8;
// Enough points in the window that "for ten minutes" is what they show, at any sampling interval.
const MIN_POINTS = 3;

// An instance whose every point of the last ten minutes is above 90% of its memory limit is told once (the
// customer by email, staff by alert, its timeline and page); once its latest point is below 80% it may be told again.
export async function flagMemoryPressure(db: Db) {
  const window = db
    .select({
      instanceId: instanceMetrics.instanceId,
      points: sql<number>`count(*)::int`.as("points"),
      lowest:
        sql<number>`min(${instanceMetrics.memoryBytes}::float8 / nullif(${instanceMetrics.memoryLimitBytes}, 0))`.as(
          "lowest",
        ),
      spanSeconds: sql<number>`extract(epoch from max(${instanceMetrics.at}) - min(${instanceMetrics.at}))`.as("span"),
      latest: sql<number>`(array_agg(${instanceMetrics.memoryBytes} order by ${instanceMetrics.at} desc))[1]`.as(
        "latest",
      ),
      latestRatio:
        sql<number>`(array_agg(${instanceMetrics.memoryBytes}::float8 / nullif(${instanceMetrics.memoryLimitBytes}, 0) order by ${instanceMetrics.at} desc))[1]`.as(
          "latest_ratio",
        ),
      limit: sql<number>`max(${instanceMetrics.memoryLimitBytes})`.as("limit"),
    })
    .from(instanceMetrics)
    .where(and(eq(instanceMetrics.resolution, FINE_SECONDS), sql`${instanceMetrics.at} > now() - ${WINDOW}`))
    .groupBy(instanceMetrics.instanceId)
    .as("w");
  const rows = await db
    .select({
      instance: instances,
      points: window.points,
      lowest: window.lowest,
      span: window.spanSeconds,
      latest: window.latest,
      latestRatio: window.latestRatio,
      limit: window.limit,
    })
    .from(window)
    .innerJoin(instances, eq(instances.id, window.instanceId))
    .where(eq(instances.status, "running"));

  const calm = rows.filter((r) => r.instance.memoryPressureAt && r.latestRatio !== null && r.latestRatio < CLEAR_BELOW);
  if (calm.length)
    await db
      .update(instances)
      .set({ memoryPressureAt: null })
      .where(
        inArray(
          instances.id,
          calm.map((r) => r.instance.id),
        ),
      );

  let told = 0;
  for (const r of rows) {
    if (r.instance.memoryPressureAt || r.points < MIN_POINTS || r.lowest === null || r.lowest <= NEAR) continue;
    if (r.span < 9 * 60 - FINE_SECONDS) continue;
    const [flagged] = await db
      .update(instances)
      .set({ memoryPressureAt: sql`now()` })
      .where(and(eq(instances.id, r.instance.id), isNull(instances.memoryPressureAt)))
      .returning();
    if (!flagged) continue;
    told++;
    await tell(db, flagged, Math.round(Number(r.latest) / MiB), Math.round(Number(r.limit) / MiB));
  }
  return { told, cleared: calm.length };
}

async function tell(db: Db, instance: typeof instances.$inferSelect, usedMb: number, limitMb: number) {
  const key = `memory-near:${instance.id}:${instance.memoryPressureAt!.getTime()}`;
  await recordEvent(db, instance.id, {
    type: "memory.near_limit",
    message: `Memory has stayed above 90% of the plan's ${limitMb} MB for ten minutes (now ${usedMb} MB).`,
    data: { usedMb, limitMb },
  });
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  if (owner)
    await sendEmail(db, {
      to: owner.email,
      userId: owner.id,
      template: "memory-near-limit",
      dedupeKey: key,
      props: {
        name: owner.name ?? "there",
        instanceName: instance.name,
        usedMb,
        limitMb,
        instanceUrl: appUrl(`/instances/${instance.id}`),
      },
    });
  await sendStaffAlert(db, {
    subject: `Instance ${instance.slug} is near its memory limit`,
    lines: [`Above 90% of ${limitMb} MB for ten minutes; now ${usedMb} MB.`],
    link: appUrl(`/admin/instances/${instance.id}`),
    dedupeKey: key,
  });
}
