import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { backups } from "@/db/schema";
import { writeBackup } from "@/lib/instances/backups";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { formatBytes } from "@/lib/format";
import { backupInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Backs up the instance's data path into BACKUP_DIR. The backup row is the job's subject, so a retry rewrites it.
export const backupInstance = defineJob(contract, {
  async run({ backupId }, ctx) {
    const [backup] = await db.select().from(backups).where(eq(backups.id, backupId));
    if (!backup || backup.status === "completed") return { skipped: true };
    const parts = await loadInstanceParts(db, backup.instanceId);
    if (!parts?.host || !parts.instance.containerId) {
      await db
        .update(backups)
        .set({ status: "failed", error: "The instance has no container." })
        .where(eq(backups.id, backupId));
      return { skipped: true };
    }
    try {
      const done = await writeBackup(db, { ...parts, host: parts.host }, backup);
      await recordEvent(db, backup.instanceId, {
        type: "backup.completed",
        message: `Backup completed (${formatBytes(done.sizeBytes ?? 0)}).`,
        data: { backupId },
      });
    } catch (error) {
      if (ctx.attempt >= ctx.maxAttempts) {
        await db
          .update(backups)
          .set({ status: "failed", error: String(error) })
          .where(eq(backups.id, backupId));
        await recordEvent(db, backup.instanceId, {
          type: "backup.failed",
          message: `Backup failed: ${(error as Error).message}`,
        });
      }
      throw error;
    }
    return { skipped: false };
  },
});
