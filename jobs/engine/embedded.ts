import { EventEmitter } from "node:events";
import pg from "pg";
import { parseCronItems, run, type Task, type TaskList, type WorkerEvents, type WorkerPool } from "graphile-worker";
import { env } from "@/lib/env";
import type { JobDefinition } from "./define";
import { ensureQueueSchema, quietLogger, WORKER_SCHEMA } from "./graphile";
import { beat, forget, releaseStaleLocks } from "./heartbeat";
import { cronRunKey, isEnvelope } from "./envelope";
import { PermanentJobError, runJob, type RunMeta } from "./run-job";
import { startDelayedWake } from "./wake";

export type RunReport = {
  job: string;
  runId?: string;
  attempt: number;
  maxAttempts: number;
  ok: boolean;
  ms: number;
  error?: string;
};

export type EmbeddedWorkerOptions = {
  jobs: JobDefinition[];
  concurrency?: number;
  // Only a fallback: new jobs arrive by NOTIFY and delayed ones by our own timer (see wake.ts).
  pollInterval?: number;
  heartbeatMs?: number;
  releaseEveryMs?: number;
  staleAfterMs?: number;
  onRun?: (report: RunReport) => void;
  onError?: (error: unknown) => void;
};

export type EmbeddedWorker = { workerId: string; stop: () => Promise<void>; promise: Promise<void> };

const cronTick = (raw: unknown): string | undefined => {
  const cron = (raw as { _cron?: { ts?: unknown } } | null)?._cron;
  return typeof cron?.ts === "string" ? cron.ts : undefined;
};

function toTask(job: JobDefinition, onRun: EmbeddedWorkerOptions["onRun"]): Task {
  return async (raw, helpers) => {
    const started = performance.now();
    const base = { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts };
    const tick = cronTick(raw);
    const [meta, payload]: [RunMeta, unknown] = isEnvelope(raw)
      ? [{ ...base, runId: raw.runId }, raw.payload]
      : [
          { ...base, newRunKey: tick ? cronRunKey(job.id, tick) : `graphile:${job.id}:${helpers.job.id}` },
          tick ? {} : raw,
        ];
    const report = (ok: boolean, runId?: string, error?: unknown) =>
      onRun?.({
        job: job.id,
        runId,
        ...base,
        ok,
        ms: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : undefined,
      });
    try {
      const outcome = await runJob(job, payload, meta);
      report(true, outcome.runId);
    } catch (error) {
      report(false, "runId" in meta ? meta.runId : undefined, error);
      // Completing the graphile job is how a permanent failure stops its retries; job_runs says `failed`.
      if (error instanceof PermanentJobError) return;
      throw error;
    }
  };
}

export async function startEmbeddedWorker(options: EmbeddedWorkerOptions): Promise<EmbeddedWorker> {
  // Each idle worker of a pool polls on its own, so a short interval costs the database a query per worker per
  // interval even when nothing happens (34 a second at 1 s for the worker's two lanes).
  const { jobs, concurrency = 4, pollInterval = 5_000 } = options;
  // The same database as `db`, which runJob writes job_runs through.
  const connectionString = env.DATABASE_URL;
  const { heartbeatMs = 5_000, releaseEveryMs = 10_000, staleAfterMs = 20_000 } = options;
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(`[jobs] worker housekeeping failed: ${error instanceof Error ? error.message : String(error)}`));

  const taskList: TaskList = Object.fromEntries(jobs.map((job) => [job.id, toTask(job, options.onRun)]));
  const parsedCronItems = parseCronItems(
    jobs.flatMap((job) =>
      job.cron
        ? [
            {
              task: job.id,
              match: job.cron,
              identifier: job.id,
              options: { backfillPeriod: 0, maxAttempts: job.retry.maxAttempts },
            },
          ]
        : [],
    ),
  );

  await ensureQueueSchema();
  // Jobs left locked by a worker that died are released before this one starts looking for work.
  await releaseStaleLocks(staleAfterMs);

  const events = new EventEmitter() as WorkerEvents;
  let pool: WorkerPool | undefined;
  events.on("pool:create", ({ workerPool }) => {
    pool = workerPool;
    // Written before the pool takes its first job, so a worker killed at once is known dead by its pid at once
    // rather than by the age of its locks.
    void beat(workerPool.id).catch(onError);
  });
  const listening = new Promise<void>((resolve) => events.once("pool:listen:success", () => resolve()));
  // Our own pool, so a connection the database drops (a restart, Ctrl-C in development) is an error we log,
  // not an unhandled 'error' event that kills the process.
  const pgPool = new pg.Pool({ connectionString, max: concurrency + 2 });
  pgPool.on("error", onError);
  const runner = await run({
    pgPool,
    schema: WORKER_SCHEMA,
    concurrency,
    pollInterval,
    taskList,
    parsedCronItems,
    events,
    logger: quietLogger,
    noHandleSignals: true, // the host process (scripts/worker.ts, a test, the dev server) decides when to stop
  });
  if (!pool) {
    await runner.stop();
    await pgPool.end();
    throw new Error("graphile-worker started without a worker pool");
  }
  const workerPool = pool;
  const workerId = workerPool.id; // what graphile-worker writes into locked_by

  const wake = startDelayedWake(
    jobs.map((j) => j.id),
    (due) => {
      if (!workerPool._shuttingDown) workerPool.nudge(Math.min(Math.max(1, due), concurrency));
    },
    onError,
  );
  events.on("pool:listen:notification", ({ message }) => {
    if (message.channel === "jobs:insert") wake.refresh();
  });
  // Jobs added while LISTEN was not yet (or no longer) active sent their NOTIFY to no one. The LISTEN query
  // itself is sent just after this event, so look again a moment later.
  events.on("pool:listen:success", () => void setTimeout(wake.refresh, 50).unref());
  await Promise.race([listening, new Promise((r) => setTimeout(r, 5_000).unref())]);
  // A failed attempt is rescheduled by fail_job, which is not awaited before job:complete; look a bit later.
  events.on("job:complete", ({ error }) => {
    if (error) setTimeout(wake.refresh, 100).unref();
  });

  const guard = (task: () => Promise<unknown>) => () => void task().catch(onError);
  await beat(workerId);
  const timers = [
    setInterval(
      guard(() => beat(workerId)),
      heartbeatMs,
    ),
    // Released jobs are due at once and nothing else announces them: wake the pool for them.
    setInterval(
      guard(async () => {
        const released = await releaseStaleLocks(staleAfterMs);
        if (released.workers.length > 0 && !workerPool._shuttingDown) workerPool.nudge(concurrency);
      }),
      releaseEveryMs,
    ),
  ];
  timers.forEach((t) => t.unref());

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      timers.forEach(clearInterval);
      wake.stop();
      await runner.stop();
      await forget(workerId);
      await pgPool.end();
    })());
  return { workerId, stop, promise: runner.promise };
}
