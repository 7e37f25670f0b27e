import { defineConfig } from "@trigger.dev/sdk";

export default defineConfig({
  // The project ref from the Trigger.dev dashboard (proj_…). Only lib/env.ts may read the environment, and the
  // CLI loads this file before any of ours, so it is written here.
  project: "proj_berth",
  dirs: ["./jobs/trigger"],
  // Backups and restores are the longest jobs; anything slower than this is stuck, not busy.
  maxDuration: 3_600,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1_000, maxTimeoutInMs: 60_000, randomize: true },
  },
});
