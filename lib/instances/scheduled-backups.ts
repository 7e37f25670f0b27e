import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { backups, instances, plans } from "@/db/schema";
import { backupInstance } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";

// An instance's first scheduled backup waits until it has run this long: a fresh one has nothing to keep yet.
const FIRST_AFTER = sql`interval '1 hour'`;

// Each running instance whose plan keeps backups gets one scheduled backup per day (UTC), kept for the plan's
// days. The row, unique per instance and day, and its job are written together, so a retried or repeated run
// neither makes a second one nor leaves one without its job. Runs hourly, so a day missed at one hour (a worker
// down, an instance suspended) is made up at the next.
export async function scheduleDailyBackups(db: Db, now = new Date()) {
  const day = now.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const made = await tx.execute<{ id: string }>(sql`
      insert into ${backups} (instance_id, kind, scheduled_for, expires_at)
      select i.id, 'scheduled', ${day}::date, ${now.toISOString()}::timestamptz + p.backup_retention_days * interval '1 day'
      from ${instances} i join ${plans} p on p.id = i.plan_id
      where i.status = 'running' and p.backup_retention_days > 0
        and i.ready_at <= ${now.toISOString()}::timestamptz - ${FIRST_AFTER}
      on conflict (instance_id, scheduled_for) do nothing
      returning id`);
    for (const { id } of made) await enqueue(backupInstance, { backupId: id }, { idempotencyKey: `backup:${id}` }, tx);
    return { scheduled: made.length, day };
  });
}
