import { z } from "zod";
import { db } from "@/lib/db";
import { pruneExpiredBackups } from "@/lib/instances/backup-retention";
import { defineJob } from "./engine/define";

// Hourly: backups whose retention period has ended are deleted from BACKUP_DIR and from the list.
export const pruneBackups = defineJob({
  id: "prune-backups",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "20 * * * *",
  async run() {
    return pruneExpiredBackups(db);
  },
});
