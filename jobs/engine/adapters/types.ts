import type { SQLWrapper } from "drizzle-orm";
import type { Db } from "@/lib/db";
import type { JobContract } from "../define";
import type { Envelope } from "../envelope";

export type CoalesceOptions = {
  // Enqueues with the same key (per job) while a run waits to start become that one run.
  key: string;
  // How long the run waits after the latest enqueue for more to join it.
  delayMs: number;
  // The latest it starts after the first enqueue, however many join.
  maxDelayMs: number;
};

// What an engine does for enqueue(): everything engine-specific lives behind this, in one adapter per engine.
export type EngineAdapter = {
  // Made ready once, outside any transaction of the caller's (the embedded queue's schema).
  prepare(): Promise<void>;
  // Puts a run (its job_runs row written already, in `tx`) on the engine's queue.
  add(tx: Db, job: JobContract, envelope: Envelope, opts: { idempotencyKey: string; runAt?: Date }): Promise<void>;
  // A trailing debounce per key: enqueues while a run waits become that run, with the newest payload.
  coalesce(db: Db, job: JobContract, payload: unknown, opts: CoalesceOptions): Promise<void>;
  // `insert` (returning rows) and, only when it wrote one, coalesce: both commit or neither. Whether it wrote.
  coalesceOnInsert(
    db: Db,
    insert: SQLWrapper,
    job: JobContract,
    payload: unknown,
    opts: CoalesceOptions,
  ): Promise<boolean>;
};
