import { sql, type SQLWrapper } from "drizzle-orm";
import type { JobContract } from "../define";
import { ensureQueueSchema, WORKER_SCHEMA } from "../graphile";
import type { CoalesceOptions, EngineAdapter } from "./types";

// The embedded engine: graphile-worker's queue in our own database, so an enqueue is part of the caller's
// transaction and a run exists only if that transaction commits.
export const graphileAdapter: EngineAdapter = {
  prepare: ensureQueueSchema,
  async add(tx, job, envelope, opts) {
    // The run id is the graphile job key, so a released lock can be traced back to its job_runs row.
    await tx.execute(sql`select ${sql.identifier(WORKER_SCHEMA)}.add_job(
      ${job.id}::text,
      ${JSON.stringify(envelope)}::json,
      run_at => ${opts.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${job.retry.maxAttempts}::int,
      job_key => ${envelope.runId}::text
    )`);
  },
  async coalesce(db, job, payload, opts) {
    await db.execute(coalescedAdd(job, payload, opts));
  },
  async coalesceOnInsert(db, insert, job, payload, opts) {
    const rows = await db.execute(coalescedAdd(job, payload, opts, insert));
    return rows.length > 0;
  },
};

// One statement: a trailing debounce, as Trigger.dev's. An enqueue moves a waiting job's start to delayMs from
// now, never later than maxDelayMs after the first enqueue, and gives it the newest payload; with no job waiting
// (none, or one already running or given up), graphile-worker's add_job adds one (and takes the key off a
// running one). The waiting job is updated in place rather than through add_job because add_job wakes every
// worker pool (NOTIFY) on each call, and a worker woken for a job that starts later only asks for work and
// finds none: on a busy webhook that was two idle queries per delivery. `guard` (a CTE named "inserted")
// makes all of it conditional on a row the same statement writes, in one round trip.
function coalescedAdd(job: JobContract, payload: unknown, opts: CoalesceOptions, guard?: SQLWrapper) {
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
