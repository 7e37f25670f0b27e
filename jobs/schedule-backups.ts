import { db } from "@/lib/db";
import { scheduleDailyBackups } from "@/lib/instances/scheduled-backups";
import { scheduleBackups as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Hourly: the day's scheduled backup of each running instance whose plan keeps them, once per instance and day.
export const scheduleBackups = defineJob(contract, {
  async run() {
    return scheduleDailyBackups(db);
  },
});
