import { and, eq, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, plans, users, type Host } from "@/db/schema";
import { formatBytes } from "@/lib/format";
import { sendEmail } from "@/lib/mail";
import { diskUsageByInstance } from "@/lib/providers/disk";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { appUrl } from "@/lib/urls";
import { recordEvent } from "./events";

const GiB = 1024 ** 3;
// Usage must fall this far below the limit before another crossing is told again, so hovering at the limit
// does not send an email every pass.
const CLEAR_BELOW = 0.9;
// Above 90% of the plan's disk the customer is warned, once, before it fills; below 80% they may be warned again.
const NEAR = 0.9;
const NEAR_CLEARS_BELOW = 0.8;

// Array literals, so each list is one parameter (uuids and integers need no quoting).
const pgArray = (values: (string | number)[]) => `{${values.join(",")}}`;

// One pass over a host: every live instance's usage recorded, crossings told once to the customer and staff.
export async function measureHostDisk(db: Db, host: Host) {
  const usage = await diskUsageByInstance(host.endpoint);
  const rows = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.hostId, host.id), ne(instances.status, "terminated"), isNotNull(instances.containerId)));
  const measured = rows.filter((r) => usage.has(r.id));
  if (measured.length === 0) return { measured: 0, over: 0 };
  await db.execute(sql`update ${instances} i set disk_used_bytes = m.bytes, disk_measured_at = now()
    from unnest(${pgArray(measured.map((r) => r.id))}::uuid[], ${pgArray(measured.map((r) => usage.get(r.id)!))}::bigint[]) as m(id, bytes)
    where i.id = m.id`);

  const limit = sql`${plans.diskGb}::bigint * ${GiB}`;
  const crossed = await db
    .update(instances)
    .set({ diskOverLimitAt: sql`now()` })
    .from(plans)
    .where(
      and(
        eq(plans.id, instances.planId),
        eq(instances.hostId, host.id),
        isNull(instances.diskOverLimitAt),
        sql`${instances.diskUsedBytes} > ${limit}`,
      ),
    )
    .returning({ instance: instances, diskGb: plans.diskGb });
  await db
    .update(instances)
    .set({ diskOverLimitAt: null })
    .from(plans)
    .where(
      and(
        eq(plans.id, instances.planId),
        eq(instances.hostId, host.id),
        isNotNull(instances.diskOverLimitAt),
        sql`${instances.diskUsedBytes} < ${limit} * ${CLEAR_BELOW}::numeric`,
      ),
    );
  for (const { instance, diskGb } of crossed) await tellOverLimit(db, instance, diskGb);
  const near = await flagNearLimit(db, host.id, limit);
  return { measured: measured.length, over: crossed.length, near };
}

// Like memory pressure: the crossing of 90% is told once (the customer by email, staff by alert, the timeline
// and a banner); falling below 80% clears it.
async function flagNearLimit(db: Db, hostId: string, limit: SQL) {
  const onHost = and(eq(plans.id, instances.planId), eq(instances.hostId, hostId));
  const crossed = await db
    .update(instances)
    .set({ diskNearLimitAt: sql`now()` })
    .from(plans)
    .where(
      and(onHost, isNull(instances.diskNearLimitAt), sql`${instances.diskUsedBytes} > ${limit} * ${NEAR}::numeric`),
    )
    .returning({ instance: instances, diskGb: plans.diskGb });
  await db
    .update(instances)
    .set({ diskNearLimitAt: null })
    .from(plans)
    .where(
      and(
        onHost,
        isNotNull(instances.diskNearLimitAt),
        sql`${instances.diskUsedBytes} < ${limit} * ${NEAR_CLEARS_BELOW}::numeric`,
      ),
    );
  // One that went past the whole plan in the same measurement was just told so: the over-limit email says more
  // than the near one would. Its near flag stays set, so falling back to 90–100% does not warn it again.
  const toTell = crossed.filter((c) => !c.instance.diskOverLimitAt);
  for (const { instance, diskGb } of toTell) await tellNearLimit(db, instance, diskGb);
  return toTell.length;
}

async function tellNearLimit(db: Db, instance: typeof instances.$inferSelect, diskGb: number) {
  const used = formatBytes(instance.diskUsedBytes ?? 0);
  const key = `disk-near:${instance.id}:${instance.diskNearLimitAt!.getTime()}`;
  await recordEvent(db, instance.id, {
    type: "disk.near_limit",
    message: `Disk use is ${used}, above 90% of the plan's ${diskGb} GB.`,
    data: { bytes: instance.diskUsedBytes },
  });
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  if (owner)
    await sendEmail(db, {
      to: owner.email,
      userId: owner.id,
      template: "disk-near-limit",
      dedupeKey: key,
      props: {
        name: owner.name ?? "there",
        instanceName: instance.name,
        used,
        limitGb: diskGb,
        instanceUrl: appUrl(`/instances/${instance.id}`),
      },
    });
  await sendStaffAlert(db, {
    subject: `Instance ${instance.slug} is near its disk limit`,
    lines: [`It uses ${used}, above 90% of its plan's ${diskGb} GB.`],
    link: appUrl(`/admin/instances/${instance.id}`),
    dedupeKey: key,
  });
}

async function tellOverLimit(db: Db, instance: typeof instances.$inferSelect, diskGb: number) {
  const used = formatBytes(instance.diskUsedBytes ?? 0);
  const key = `disk-over:${instance.id}:${instance.diskOverLimitAt!.getTime()}`;
  await recordEvent(db, instance.id, {
    type: "disk.over_limit",
    message: `Disk use is ${used}, over the plan's ${diskGb} GB.`,
    data: { bytes: instance.diskUsedBytes },
  });
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  if (owner) {
    await sendEmail(db, {
      to: owner.email,
      userId: owner.id,
      template: "disk-over-limit",
      dedupeKey: key,
      props: {
        name: owner.name ?? "there",
        instanceName: instance.name,
        used,
        limitGb: diskGb,
        instanceUrl: appUrl(`/instances/${instance.id}`),
      },
    });
  }
  await sendStaffAlert(db, {
    subject: `Instance ${instance.slug} is over its disk`,
    lines: [`It uses ${used}; its plan has ${diskGb} GB.`],
    link: appUrl(`/admin/instances/${instance.id}`),
    dedupeKey: key,
  });
}
