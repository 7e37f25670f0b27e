import type { SQLWrapper } from "drizzle-orm";
import type { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import type { JobContract } from "./define";
import { engineAdapter, type CoalesceOptions } from "./adapters";
import { assertPayload } from "./enqueue";

export type { CoalesceOptions } from "./adapters";

function check<S extends z.ZodType>(job: JobContract<S>, payload: unknown, opts: CoalesceOptions) {
  assertPayload(job, payload);
  if (!(opts.delayMs >= 0 && opts.maxDelayMs >= opts.delayMs))
    throw new Error(`coalesce ${job.id}: need 0 <= delayMs <= maxDelayMs`);
}

// For work that re-reads the current state, where ten requests in a burst need one run, not ten. The run gets
// the last enqueue's payload, and its job_runs row when it starts. A run that has already started does not
// absorb a later enqueue: that one makes a new run, which sees whatever changed meanwhile. Pass `tx` to make
// the enqueue part of the caller's writes (embedded engine: the run exists only if the transaction commits).
export async function enqueueCoalesced<S extends z.ZodType>(
  job: JobContract<S>,
  payload: z.input<S>,
  opts: CoalesceOptions,
  tx?: Db,
): Promise<void> {
  check(job, payload, opts);
  const engine = engineAdapter();
  await engine.prepare();
  await engine.coalesce(tx ?? defaultDb, job, payload, opts);
}

// Runs `insert` (an insert … on conflict do nothing returning …) and, only when it wrote a row, a coalesced
// enqueue: both commit or neither. Says whether the row was new. Under the embedded engine this is one
// statement, one round trip, which is what keeps a busy endpoint (the Stripe webhook) fast.
export async function enqueueCoalescedOnInsert<S extends z.ZodType>(
  db: Db,
  insert: SQLWrapper,
  job: JobContract<S>,
  payload: z.input<S>,
  opts: CoalesceOptions,
): Promise<boolean> {
  check(job, payload, opts);
  const engine = engineAdapter();
  await engine.prepare();
  return engine.coalesceOnInsert(db, insert, job, payload, opts);
}
