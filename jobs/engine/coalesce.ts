import { tasks } from "@trigger.dev/sdk";
import { sql, type SQLWrapper } from "drizzle-orm";
import type { z } from "zod";
import { db as defaultDb, type Db } from "@/db";
import { env } from "@/lib/env";
import type { JobDefinition } from "./define";
import { assertPayload, configureTrigger } from "./enqueue";
import { ensureQueueSchema, WORKER_SCHEMA } from "./graphile";

export type CoalesceOptions = {
  // Enqueues with the same key (per job) while a run waits to start become that one run.
  key: string;
  // How long the run waits for more enqueues to join it.
  delayMs: number;
  // The latest it starts after the first enqueue, however many join (Trigger.dev pushes a debounced run back).
  maxDelayMs: number;
};

// Trigger.dev takes whole seconds, at least one.
const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))}s`;

function check<S extends z.ZodType>(job: JobDefinition<S>, payload: unknown, opts: CoalesceOptions) {
  assertPayload(job, payload);
  if (!(opts.delayMs >= 0 && opts.maxDelayMs >= opts.delayMs)) throw new Error(`coalesce ${job.id}: need 0 <= delayMs <= maxDelayMs`);
}

// preserve_run_at: a waiting job keeps the start time of the first enqueue (so it never slips past delayMs);
// graphile-worker itself moves the key off a job that is already running and adds a new one.
const addJob = (job: JobDefinition, payload: unknown, opts: CoalesceOptions) => sql`${sql.identifier(WORKER_SCHEMA)}.add_job(
  ${job.id}::text,
  ${JSON.stringify(payload)}::json,
  queue_name => ${job.serialPerKey ? `coalesce:${job.id}:${opts.key}` : null}::text,
  run_at => now() + make_interval(secs => ${opts.delayMs / 1000}::float8),
  max_attempts => ${job.retry.maxAttempts}::int,
  job_key => ${`coalesce:${job.id}:${opts.key}`}::text,
  job_key_mode => 'preserve_run_at'
)`;

// For work that re-reads the current state, where ten requests in a burst need one run, not ten. The run gets
// the last enqueue's payload, and its job_runs row when it starts. A run that has already started does not
// absorb a later enqueue: that one makes a new run, which sees whatever changed meanwhile. Pass `tx` to make
// the enqueue part of the caller's writes (embedded engine: the run exists only if the transaction commits).
export async function enqueueCoalesced<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, opts: CoalesceOptions, tx?: Db): Promise<void> {
  check(job, payload, opts);
  if (env.JOBS_ENGINE === "embedded") {
    await ensureQueueSchema();
    await (tx ?? defaultDb).execute(sql`select ${addJob(job, payload, opts)}`);
    return;
  }
  configureTrigger();
  await tasks.trigger(job.id, payload, {
    debounce: { key: opts.key, delay: seconds(opts.delayMs), maxDelay: seconds(opts.maxDelayMs), mode: "trailing" },
    maxAttempts: job.retry.maxAttempts,
    // The task's queue allows one run at a time (toTriggerTasks), and the key gives each customer its own copy.
    ...(job.serialPerKey ? { concurrencyKey: opts.key } : {}),
  });
}

// Runs `insert` (an insert … on conflict do nothing returning …) and, only when it wrote a row, a coalesced
// enqueue: both commit or neither. Says whether the row was new. Under the embedded engine this is one
// statement, one round trip, which is what keeps a busy endpoint (the Stripe webhook) fast.
export async function enqueueCoalescedOnInsert<S extends z.ZodType>(db: Db, insert: SQLWrapper, job: JobDefinition<S>, payload: z.input<S>, opts: CoalesceOptions): Promise<boolean> {
  check(job, payload, opts);
  if (env.JOBS_ENGINE === "embedded") {
    await ensureQueueSchema();
    const rows = await db.execute(sql`with inserted as (${insert.getSQL()}) select ${addJob(job, payload, opts)} is not null as queued from inserted`);
    return rows.length > 0;
  }
  return db.transaction(async (tx) => {
    if ((await tx.execute(insert.getSQL())).length === 0) return false;
    await enqueueCoalesced(job, payload, opts, tx);
    return true;
  });
}
