import { z } from "zod";
import { db } from "@/lib/db";
import { sweepTrials } from "@/lib/instances/trials";
import { defineJob } from "./engine/define";

// Hourly: reminders before trials end, suspension (with a backup) when they end, termination after retention.
export const trialSweep = defineJob({
  id: "trial-sweep",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "0 * * * *",
  async run(_payload, ctx) {
    return sweepTrials(db, ctx.enqueue);
  },
});
