import { spawn } from "node:child_process";
import { once } from "node:events";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, expect, it } from "vitest";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { enqueue } from "./index";
import { defineTestJob, readRun, uniqueJobId, waitFor, waitForStatus, workerPool } from "@/test/jobs/engine-helpers";

const workers = workerPool();
afterEach(() => workers.stopAll());
afterAll(() => closeDb());

const lockedBy = async (runId: string) =>
  (
    await db.execute<{ locked_by: string | null }>(
      sql`select locked_by from graphile_worker._private_jobs where key = ${runId}`,
    )
  )[0]?.locked_by;

// What a worker that died mid-attempt leaves behind: the job locked, attempts counted, the run `running`.
async function lockAsDeadWorker(runId: string, workerId: string, heartbeatAgoSeconds: number | null) {
  await db.execute(sql`update graphile_worker._private_jobs
    set locked_by = ${workerId}, locked_at = now() - interval '30 seconds', run_at = now() - interval '30 seconds',
      attempts = attempts + 1 where key = ${runId}`);
  await db.execute(sql`update job_runs set status = 'running', attempts = 1, started_at = now() where id = ${runId}`);
  if (heartbeatAgoSeconds !== null) {
    await db.execute(sql`insert into worker_heartbeats (worker_id, pid, hostname, last_seen_at)
      values (${workerId}, 1, 'gone', now() - make_interval(secs => ${heartbeatAgoSeconds}))`);
  }
}

const quickJob = (name: string) =>
  defineTestJob({
    id: uniqueJobId(name),
    schema: z.object({}),
    retry: { maxAttempts: 3 },
    run: async (_p, ctx) => ({ attempt: ctx.attempt }),
  });

it("a worker killed mid-job: a worker started after it runs the job again at once", { timeout: 30_000 }, async () => {
  const job = quickJob("killed");
  const child = spawn(process.execPath, ["--import", "tsx", "test/jobs/worker-process.ts", job.id], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const deadId = /worker (\S+)/.exec(line.toString())![1]!;
    const { runId } = await enqueue(job, {});
    await waitFor(
      async () => (await lockedBy(runId)) === deadId && (await readRun(runId))?.status === "running",
      10_000,
    );
    child.kill("SIGKILL");
    await once(child, "exit");

    const killedAt = Date.now();
    // Default timings: the dead process is found by its pid, not by waiting for its heartbeat to age.
    await workers.start({ jobs: [job] });
    const run = await waitForStatus(runId, "succeeded", 3_000);
    console.log(`job of a killed worker picked up again ${Date.now() - killedAt} ms after the kill`);
    expect(run).toMatchObject({ attempts: 2, result: { attempt: 2 } });
    expect(await db.execute(sql`select 1 from worker_heartbeats where worker_id = ${deadId}`)).toHaveLength(0);
  } finally {
    child.kill("SIGKILL");
  }
});

it("on start, releases jobs of a worker whose heartbeat is stale", async () => {
  const job = quickJob("restart");
  const { runId } = await enqueue(job, {});
  await lockAsDeadWorker(runId, `pool-dead-${runId}`, 30);
  await workers.start({ jobs: [job] });
  expect(await waitForStatus(runId, "succeeded", 3_000)).toMatchObject({ attempts: 2 });
  expect(await db.execute(sql`select 1 from worker_heartbeats where worker_id = ${`pool-dead-${runId}`}`)).toHaveLength(
    0,
  );
});

it("periodically releases jobs of an unknown worker with an old lock, but not those of a live one", async () => {
  const ghost = quickJob("ghost");
  const busy = quickJob("busy");
  await workers.start({ jobs: [ghost, busy], releaseEveryMs: 200 });
  // Scheduled later so that the running worker does not take them before they are locked below.
  const later = { runAt: new Date(Date.now() + 60_000) };
  const lost = await enqueue(ghost, {}, later);
  const kept = await enqueue(busy, {}, later);
  await lockAsDeadWorker(lost.runId, `pool-ghost-${lost.runId}`, null);
  await lockAsDeadWorker(kept.runId, `pool-alive-${kept.runId}`, 0);

  await waitForStatus(lost.runId, "succeeded", 3_000);
  expect(await lockedBy(kept.runId)).toBe(`pool-alive-${kept.runId}`);
  expect((await readRun(kept.runId))?.status).toBe("running");
  await db.execute(sql`delete from graphile_worker._private_jobs where key = ${kept.runId}`);
  await db.execute(sql`delete from worker_heartbeats where worker_id = ${`pool-alive-${kept.runId}`}`);
});
