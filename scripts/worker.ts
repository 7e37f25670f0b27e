import "./lib/load-env";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDb } from "@/db";
import { startEmbeddedWorker, type EmbeddedWorker, type RunReport } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";

// npm run worker: the embedded jobs engine (graphile-worker on our PostgreSQL) running every job in jobs/registry.ts.
const log = (line: string) => console.log(`\x1b[35m[jobs]\x1b[0m ${line}`);

function logRun(r: RunReport) {
  const outcome = r.ok ? "ok" : `failed: ${r.error ?? "unknown error"}`;
  log(`${r.job} attempt ${r.attempt}/${r.maxAttempts} ${outcome} ${r.ms}ms${r.runId ? ` run=${r.runId}` : ""}`);
}

export async function startWorker({ concurrency = env.WORKER_CONCURRENCY }: { concurrency?: number } = {}): Promise<EmbeddedWorker> {
  const worker = await startEmbeddedWorker({ jobs: allJobs, concurrency, onRun: logRun });
  const crons = allJobs.filter((j) => j.cron).map((j) => `${j.id} (${j.cron})`);
  log(`worker ${worker.workerId} started: ${allJobs.length} jobs, concurrency ${concurrency}; crons: ${crons.join(", ") || "none"}`);
  return worker;
}

async function main() {
  if (env.JOBS_ENGINE !== "embedded") {
    log("JOBS_ENGINE=trigger: jobs run on Trigger.dev (npx trigger.dev dev / deploy); this worker has nothing to do.");
    return;
  }
  const worker = await startWorker();
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for running jobs; their locks are released by the next worker to start.
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: finishing running jobs, then stopping (again to force)…`);
    void worker.stop().then(closeDb).then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  worker.promise.catch((error: unknown) => {
    console.error("[jobs] worker stopped unexpectedly:", error);
    process.exit(1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
