import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { jobRuns, type JobRun } from "@/db/schema";
import type { z } from "zod";
import { defineJob, type JobDefinition } from "@/jobs/engine/define";
import { startEmbeddedWorker, type EmbeddedWorker, type EmbeddedWorkerOptions } from "@/jobs/engine/embedded";

// Test-only: unique job ids keep the test files (which share one database) from running each other's jobs.
export const uniqueJobId = (name: string) => `test-${name}-${randomUUID().slice(0, 8)}`;

// A job and its contract written together, as a test needs them.
export const defineTestJob = <S extends z.ZodType, R>(def: JobDefinition<S, R>) => defineJob(def, def);

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  stepMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const readRun = async (runId: string): Promise<JobRun | undefined> =>
  (await db.select().from(jobRuns).where(eq(jobRuns.id, runId)))[0];

export const waitForStatus = (runId: string, status: JobRun["status"], timeoutMs?: number) =>
  waitFor(async () => {
    const run = await readRun(runId);
    return run?.status === status ? run : undefined;
  }, timeoutMs);

export async function queuedJobCount(taskId: string) {
  const [installed] = await db.execute<{ ok: boolean }>(
    sql`select to_regclass('graphile_worker._private_jobs') is not null as ok`,
  );
  if (!installed?.ok) return 0;
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = ${taskId}`);
  return rows[0]?.n ?? 0;
}

// Starts workers and stops every one of them in afterEach/afterAll.
export function workerPool() {
  const started: EmbeddedWorker[] = [];
  return {
    async start(options: EmbeddedWorkerOptions) {
      const worker = await startEmbeddedWorker({ concurrency: 2, ...options });
      started.push(worker);
      return worker;
    },
    async stopAll() {
      await Promise.all(started.splice(0).map((w) => w.stop()));
    },
  };
}
