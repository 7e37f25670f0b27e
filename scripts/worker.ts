import "./lib/load-env";
import { existsSync, readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb, db } from "@/lib/db";
import { checkInstanceReady, provisionInstance } from "@/jobs/contracts";
import { startEmbeddedWorker, type EmbeddedWorker, type RunReport } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { ensureDefaultHost } from "@/lib/instances/hosts";

// npm run worker: the embedded jobs engine (graphile-worker on our PostgreSQL) running every job in jobs/registry.ts.
const log = (line: string) => console.log(`\x1b[35m[jobs]\x1b[0m ${line}`);

function logRun(r: RunReport) {
  const outcome = r.ok ? "ok" : `failed: ${r.error ?? "unknown error"}`;
  log(`${r.job} attempt ${r.attempt}/${r.maxAttempts} ${outcome} ${r.ms}ms${r.runId ? ` run=${r.runId}` : ""}`);
}

// Provisioning and readiness checks spend their time waiting on Docker and on the app starting, and come in
// bursts when many customers create instances at once. They get a lane of their own, wide enough for a burst to
// start together, so they never queue behind each other or behind backups and billing (nor those behind them).
const INSTANCE_JOBS = new Set([provisionInstance.id, checkInstanceReady.id]);
export const INSTANCE_LANE_CONCURRENCY = 24;

export type WorkerOptions = { concurrency?: number; instanceConcurrency?: number; onRun?: (r: RunReport) => void };

export async function startWorker(o: WorkerOptions = {}): Promise<EmbeddedWorker> {
  const { concurrency = env.WORKER_CONCURRENCY, instanceConcurrency = INSTANCE_LANE_CONCURRENCY, onRun = logRun } = o;
  // Instances go on the engine at DOCKER_HOST until staff add hosts: registered once here, not in every job.
  await ensureDefaultHost(db);
  const lanes = [
    await startEmbeddedWorker({
      jobs: allJobs.filter((j) => INSTANCE_JOBS.has(j.id)),
      concurrency: instanceConcurrency,
      onRun,
    }),
    await startEmbeddedWorker({ jobs: allJobs.filter((j) => !INSTANCE_JOBS.has(j.id)), concurrency, onRun }),
  ];
  const crons = allJobs.filter((j) => j.cron).map((j) => `${j.id} (${j.cron})`);
  log(
    `worker ${lanes.map((l) => l.workerId).join(" + ")} started: ${allJobs.length} jobs, concurrency ${concurrency} (+${instanceConcurrency} for instances); crons: ${crons.join(", ") || "none"}`,
  );
  return {
    workerId: lanes[1]!.workerId,
    stop: async () => void (await Promise.all(lanes.map((l) => l.stop()))),
    promise: Promise.all(lanes.map((l) => l.promise)).then(() => {}),
  };
}

// Jobs are background work that comes in bursts (a webhook burst's syncs, many instances created at once), while
// a request has someone waiting on it. Where the app and the worker share cores, the worker yields the CPU: under
// load its jobs run a little later instead of every request waiting longer. Only ever lowered (that needs no
// privileges), so a worker started under `nice` keeps its place. Linux keeps a nice value per thread: the threads
// already running (the garbage collector's, libuv's) are lowered too, and the ones started later inherit it.
function yieldCpuToRequests() {
  if (env.WORKER_NICE <= getPriority()) return;
  const threads = existsSync("/proc/self/task") ? readdirSync("/proc/self/task").map(Number) : [0];
  try {
    for (const tid of threads) setPriority(tid, env.WORKER_NICE);
  } catch (error) {
    log(`could not lower the worker's CPU priority: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main() {
  if (env.JOBS_ENGINE !== "embedded") {
    log("JOBS_ENGINE=trigger: jobs run on Trigger.dev (npx trigger.dev dev / deploy); this worker has nothing to do.");
    return;
  }
  yieldCpuToRequests();
  const worker = await startWorker();
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for running jobs; their locks are released by the next worker to start.
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: finishing running jobs, then stopping (again to force)…`);
    void worker
      .stop()
      .then(closeDb)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  worker.promise.catch((error: unknown) => {
    console.error("[jobs] worker stopped unexpectedly:", error);
    process.exit(1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
