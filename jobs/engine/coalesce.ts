import { tasks } from "@trigger.dev/sdk";
import { sql, type SQLWrapper } from "drizzle-orm";
import type { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { JobDefinition } from "./define";
import { assertPayload, configureTrigger } from "./enqueue";
import { ensureQueueSchema, WORKER_SCHEMA } from "./graphile";

export type CoalesceOptions = {
  // Enqueues with the same key (per job) while a run waits to start become that one run.
  key: string;
  // How long the run waits after the latest enqueue for more to join it.
  delayMs: number;
  // The latest it starts after the first enqueue, however many join.
  maxDelayMs: number;
};

// Trigger.dev takes whole seconds, at least one.
const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))}s`;

function check<S extends z.ZodType>(job: JobDefinition<S>, payload: unknown, opts: CoalesceOptions) {
  assertPayload(job, payload);
  if (!(opts.delayMs >= 0 && opts.maxDelayMs >= opts.delayMs)) throw new Error(`coalesce ${job.id}: need 0 <= delayMs <= maxDelayMs`);
}

// One statement: a trailing debounce, as Trigger.dev's. An enqueue moves a waiting job's start to delayMs from
// now, never later than maxDelayMs after the first enqueue, and gives it the newest payload; with no job waiting
// (none, or one already running or given up), graphile-worker's add_job adds one (and takes the key off a
// running one). The waiting job is updated in place rather than through add_job because add_job wakes every
// worker pool (NOTIFY) on each call, and a worker woken for a job that starts later only asks for work and
// finds none: on a busy webhook that was two idle queries per delivery. `guard` (a CTE named "inserted")
// makes all of it conditional on a row the same statement writes.
function coalescedAdd(job: JobDefinition, payload: unknown, opts: CoalesceOptions, guard?: SQLWrapper) {
  const key = `coalesce:${job.id}:${opts.key}`;
  const schema = sql.identifier(WORKER_SCHEMA);
  const json = JSON.stringify(payload);
  const delay = sql`make_interval(secs => ${opts.delayMs / 1000}::float8)`;
  return sql`with ${guard ? sql`inserted as (${guard.getSQL()}),` : sql``}
  waiting as (
    update ${schema}._private_jobs set
      payload = ${json}::json,
      run_at = least(now() + ${delay}, created_at + make_interval(secs => ${opts.maxDelayMs / 1000}::float8)),
      attempts = 0, last_error = null, revision = revision + 1, updated_at = now()
    where key = ${key}::text and is_available ${guard ? sql`and exists (select 1 from inserted)` : sql``}
    returning id
  )
  select case when exists (select 1 from waiting) then true else ${schema}.add_job(
    ${job.id}::text,
    ${json}::json,
    queue_name => ${job.serialPerKey ? key : null}::text,
    run_at => now() + ${delay},
    max_attempts => ${job.retry.maxAttempts}::int,
    job_key => ${key}::text
  ) is not null end as queued
  ${guard ? sql`from inserted` : sql``}`;
}

// For work that re-reads the current state, where ten requests in a burst need one run, not ten. The run gets
// the last enqueue's payload, and its job_runs row when it starts. A run that has already started does not
// absorb a later enqueue: that one makes a new run, which sees whatever changed meanwhile. Pass `tx` to make
// the enqueue part of the caller's writes (embedded engine: the run exists only if the transaction commits).
export async function enqueueCoalesced<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, opts: CoalesceOptions, tx?: Db): Promise<void> {
  check(job, payload, opts);
  if (env.JOBS_ENGINE === "embedded") {
    await ensureQueueSchema();
    await (tx ?? defaultDb).execute(coalescedAdd(job, payload, opts));
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
    const rows = await db.execute(coalescedAdd(job, payload, opts, insert));
    return rows.length > 0;
  }
  return db.transaction(async (tx) => {
    if ((await tx.execute(insert.getSQL())).length === 0) return false;
    await enqueueCoalesced(job, payload, opts, tx);
    return true;
  });
}
