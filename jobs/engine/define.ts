import type { z } from "zod";

export type RetryPolicy = { maxAttempts: number };

export type EnqueueOptions = {
  // A second enqueue with the same key does nothing and returns the first run.
  idempotencyKey?: string;
  runAt?: Date;
};

export type EnqueueResult = { runId: string; deduplicated: boolean };

export type JobContext = {
  runId: string;
  attempt: number;
  maxAttempts: number;
  log: (message: string, data?: Record<string, unknown>) => void;
};

// A job's contract: what domain code enqueues (id, payload schema, retry policy, optional cron), in
// jobs/contracts.ts, apart from the handler that implements it.
export type JobContract<S extends z.ZodType = z.ZodType> = {
  id: string;
  schema: S;
  retry: RetryPolicy;
  // Crons take an empty payload and are scheduled by the engine (graphile-worker crontab, Trigger.dev schedules).
  cron?: string;
  // Coalesced runs (enqueueCoalesced) with the same key never overlap: one enqueued while another runs waits for
  // it. For work that re-reads state and writes it back, where an older run finishing last would undo a newer one.
  serialPerKey?: boolean;
};

// A job is its contract and its handler; the engine adapters in jobs/engine register it with graphile-worker and
// Trigger.dev without touching it.
export type JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> = JobContract<S> & {
  // Method syntax: a definition for a particular payload is still a JobDefinition for the engines' lists.
  run(payload: z.infer<S>, ctx: JobContext): Promise<R>;
};

export function defineContract<S extends z.ZodType>(contract: JobContract<S>): JobContract<S> {
  return contract;
}

export function defineJob<S extends z.ZodType, R>(
  contract: JobContract<S>,
  handler: Pick<JobDefinition<S, R>, "run">,
): JobDefinition<S, R> {
  return { ...contract, run: handler.run };
}

export const inMs = (ms: number) => new Date(Date.now() + ms);
