import { db } from "@/lib/db";
import { DamagedBackupError, findOwnersBackup, restoreBackup } from "@/lib/instances/backups";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { formatDateTime } from "@/lib/format";
import { restoreInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Puts a completed backup of one of the owner's instances (its own, or the one a copy was made from) over the
// instance's data path. Restoring the same backup twice gives the same data.
export const restoreInstance = defineJob(contract, {
  async run({ instanceId, backupId, actorId }) {
    const parts = await loadInstanceParts(db, instanceId);
    const backup = parts ? await findOwnersBackup(db, parts.instance.ownerId, backupId) : null;
    if (!parts?.host || parts.instance.status !== "running" || backup?.status !== "completed") {
      await recordEvent(db, instanceId, {
        type: "backup.restore_skipped",
        message: "Restore skipped: the instance must be running and the backup complete.",
      });
      return { skipped: true };
    }
    try {
      await restoreBackup({ ...parts, host: parts.host }, backup);
    } catch (error) {
      if (!(error instanceof DamagedBackupError)) throw error;
      // Reading it again would read the same bytes: the customer is told, and the data is left as it is.
      await recordEvent(db, instanceId, {
        type: "backup.restore_failed",
        actorId,
        message: `Restore failed, nothing was changed: ${error.message}`,
        data: { backupId },
      });
      return { skipped: true };
    }
    await recordEvent(db, instanceId, {
      type: "backup.restored",
      actorId,
      message: `Restored the backup from ${formatDateTime(backup.createdAt)}.`,
      data: { backupId },
    });
    return { skipped: false };
  },
});
