import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db";
import { backups, instanceEvents, instances } from "@/db/schema";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { deleteBackupFile } from "./backups";

// At most this many per run; a backlog goes on in the next run.
const BATCH = 500;

// Backups past their keep-until date are deleted, file first (a crash in between leaves a row whose file is
// gone, which the next run finishes), then the row, with a line on the instance's timeline. Automatic and final
// backups carry their date (RETENTION_DAYS from when they were made); a customer's own backups have none while
// the instance lives, and go RETENTION_DAYS after it was terminated, with the rest of its data.
export async function pruneExpiredBackups(db: Db, now = new Date()) {
  const terminatedBefore = new Date(now.getTime() - env.RETENTION_DAYS * 86_400_000);
  const expired = await db
    .select({ backup: backups })
    .from(backups)
    .innerJoin(instances, eq(instances.id, backups.instanceId))
    .where(
      or(
        lt(backups.expiresAt, now),
        and(
          isNull(backups.expiresAt),
          eq(instances.status, "terminated"),
          lt(instances.terminatedAt, terminatedBefore),
        ),
      ),
    )
    .limit(BATCH);
  for (const { backup } of expired) await deleteBackupFile(backup);
  if (expired.length === 0) return { deleted: 0 };
  const deleted = await db
    .delete(backups)
    .where(
      inArray(
        backups.id,
        expired.map((e) => e.backup.id),
      ),
    )
    .returning();
  if (deleted.length > 0) {
    await db.insert(instanceEvents).values(
      deleted.map((b) => ({
        instanceId: b.instanceId,
        type: "backup.deleted",
        message: `The ${b.kind} backup of ${formatDateTime(b.createdAt)} was deleted: its retention period ended.`,
        data: { backupId: b.id, kind: b.kind },
      })),
    );
  }
  return { deleted: deleted.length };
}
