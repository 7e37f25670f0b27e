import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { flagMemoryPressure } from "@/lib/instances/memory-pressure";
import { rollUpMetrics as rollUp, sampleMetrics as sample } from "@/lib/instances/metrics";
import { rollUpMetrics as rollUpContract, sampleMetrics as sampleContract } from "./contracts";
import { defineJob } from "./engine/define";

// Each minute's run samples every METRICS_SAMPLE_SECONDS until the minute ends (6 samples at the default 10 s),
// so a cron per minute gives 10 s points on either engine. A retried run writes no bucket twice.
export const sampleMetrics = defineJob(sampleContract, {
  async run() {
    const every = env.METRICS_SAMPLE_SECONDS * 1000;
    const end = Math.floor(Date.now() / 60_000) * 60_000 + 60_000 - 1000;
    let samples = 0;
    let rows = 0;
    for (let at = Date.now(); at < end; at = Date.now()) {
      rows += await sample(db, new Date(at));
      samples++;
      const next = Math.floor(Date.now() / every) * every + every;
      if (next >= end) break;
      await new Promise((r) => setTimeout(r, next - Date.now()));
    }
    return { samples, rows };
  },
});

// Every five minutes: 10 s points become 5-minute points, points past their keep are deleted, and instances
// short of memory for ten minutes are told.
export const rollUpMetrics = defineJob(rollUpContract, {
  async run() {
    return { ...(await rollUp(db)), ...(await flagMemoryPressure(db)) };
  },
});
