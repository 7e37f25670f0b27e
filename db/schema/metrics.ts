import { bigint, index, pgTable, primaryKey, real, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { instances } from "./instances";

// What an instance used, sampled from the Docker Engine every 10 s (resolution 10) and rolled up into 5-minute
// rows (resolution 300) and hourly ones (3600). 10 s rows are kept for a day, 5-minute rows for 30 days and
// hourly rows for 90 days. `at` is the start of the
// sample's bucket, so a repeated sample of the same bucket is the same row.
export const instanceMetrics = pgTable(
  "instance_metrics",
  {
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    resolution: smallint().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    // Percent of one core over the interval before `at` (null for an instance's first sample).
    cpuPercent: real(),
    // The container's cumulative CPU time, from which the next sample's percent is computed.
    cpuNs: bigint({ mode: "number" }).notNull(),
    memoryBytes: bigint({ mode: "number" }).notNull(),
    memoryLimitBytes: bigint({ mode: "number" }).notNull(),
    netRxBytes: bigint({ mode: "number" }).notNull(),
    netTxBytes: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.instanceId, t.resolution, t.at] }),
    index("instance_metrics_at_idx").on(t.resolution, t.at),
  ],
);
export type InstanceMetric = typeof instanceMetrics.$inferSelect;
