import { db } from "@/lib/db";
import { pruneExpiredBackups } from "@/lib/instances/backup-retention";
import { pruneBackups as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Hourly: backups whose retention period has ended are deleted from BACKUP_DIR and from the list.
export const pruneBackups = defineJob(contract, {
  async run() {
    return pruneExpiredBackups(db);
  },
});
