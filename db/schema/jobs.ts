import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const jobRunStatus = pgEnum("job_run_status", ["queued", "running", "retrying", "succeeded", "failed"]);

// Every enqueued or scheduled run, whichever engine runs it: the idempotency guard and what /admin/jobs shows.
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    job: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    idempotencyKey: text(),
    status: jobRunStatus().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    error: text(),
    result: jsonb().$type<unknown>(),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("job_runs_idempotency_key_key").on(t.idempotencyKey),
    index("job_runs_created_idx").on(t.createdAt),
    index("job_runs_job_status_idx").on(t.job, t.status),
  ],
);
export type JobRun = typeof jobRuns.$inferSelect;

// Workers of the embedded engine say they are alive; jobs locked by a silent one are released at once.
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text().primaryKey(),
  pid: integer().notNull(),
  hostname: text().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
