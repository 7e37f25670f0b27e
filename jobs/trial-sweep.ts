import { db } from "@/lib/db";
import { sweepTrials } from "@/lib/instances/trial-expiry";
import { trialSweep as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Hourly: reminders before trials end, suspension (with a backup) when they end, termination after retention.
export const trialSweep = defineJob(contract, {
  async run(_payload) {
    return sweepTrials(db);
  },
});
