import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { jobRuns } from "@/db/schema";
import { enqueue, inMs, InvalidJobPayloadError } from "./index";
import {
  defineTestJob,
  queuedJobCount,
  readRun,
  uniqueJobId,
  waitFor,
  waitForStatus,
  workerPool,
} from "@/test/jobs/engine-helpers";

const workers = workerPool();
afterEach(() => workers.stopAll());
afterAll(() => closeDb());

describe("embedded engine", () => {
  it("runs a duplicate enqueue (same idempotency key) once", async () => {
    let calls = 0;
    const job = defineTestJob({
      id: uniqueJobId("dedupe"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 3 },
      run: async () => ++calls,
    });
    const key = `dedupe:${randomUUID()}`;
    const first = await enqueue(job, { n: 1 }, { idempotencyKey: key });
    const second = await enqueue(job, { n: 2 }, { idempotencyKey: key });
    expect(second).toEqual({ runId: first.runId, deduplicated: true });
    expect(await queuedJobCount(job.id)).toBe(1);

    await workers.start({ jobs: [job] });
    const run = await waitForStatus(first.runId, "succeeded");
    expect(run).toMatchObject({ attempts: 1, result: 1, payload: { n: 1 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1);
  });

  it("rejects a bad payload at enqueue, and fails a run whose stored payload no longer parses without retrying", async () => {
    let calls = 0;
    const id = uniqueJobId("payload");
    const strict = defineTestJob({
      id,
      schema: z.object({ email: z.email() }),
      retry: { maxAttempts: 5 },
      run: async () => ++calls,
    });
    // @ts-expect-error the point of the test
    await expect(enqueue(strict, { email: 42 })).rejects.toBeInstanceOf(InvalidJobPayloadError);
    expect(await db.$count(jobRuns, eq(jobRuns.job, id))).toBe(0);

    // Enqueued under an older, looser schema, then run by a worker that has the new one.
    const loose = { ...strict, schema: z.object({ email: z.string() }) };
    const { runId } = await enqueue(loose, { email: "not-an-email" });
    await workers.start({ jobs: [strict] });
    const run = await waitForStatus(runId, "failed");
    expect(run.attempts).toBe(1);
    expect(run.error).toMatch(new RegExp(`invalid payload for job ${id}: email: `));
    await waitFor(async () => (await queuedJobCount(id)) === 0);
    expect(calls).toBe(0);
  });

  it("enqueues within the caller's transaction", async () => {
    const job = defineTestJob({
      id: uniqueJobId("tx"),
      schema: z.object({}),
      retry: { maxAttempts: 1 },
      run: async () => null,
    });
    let runId = "";
    await expect(
      db.transaction(async (tx) => {
        runId = (await enqueue(job, {}, {}, tx)).runId;
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await readRun(runId)).toBeUndefined();
    expect(await queuedJobCount(job.id)).toBe(0);
  });

  it("does not run a delayed job before its runAt and starts it right after", async () => {
    const started: number[] = [];
    const job = defineTestJob({
      id: uniqueJobId("delayed"),
      schema: z.object({}),
      retry: { maxAttempts: 1 },
      run: async () => started.push(Date.now()),
    });
    await workers.start({ jobs: [job] });
    const latencies: number[] = [];
    for (const delay of [200, 200, 600]) {
      const runAt = inMs(delay);
      const { runId } = await enqueue(job, {}, { runAt });
      const run = await waitForStatus(runId, "succeeded", 5_000);
      const late = run.startedAt!.getTime() - runAt.getTime();
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(250);
      latencies.push(late);
    }
    console.log(`delayed job start latency after runAt (ms): ${latencies.join(", ")}`);
  });

  it("runs a chain of short delayed jobs in well under a second", async () => {
    const hops = 4;
    const ids = { hop: uniqueJobId("hop") };
    const hop = defineTestJob({
      id: ids.hop,
      schema: z.object({ left: z.number() }),
      retry: { maxAttempts: 1 },
      run: async ({ left }, ctx) => {
        if (left > 0) await enqueue(hop, { left: left - 1 }, { runAt: inMs(100), idempotencyKey: `${ctx.runId}:next` });
        return { left };
      },
    });
    await workers.start({ jobs: [hop] });
    const created = Date.now();
    await enqueue(hop, { left: hops - 1 });
    const last = await waitFor(
      async () =>
        (
          await db
            .select()
            .from(jobRuns)
            .where(
              sql`${jobRuns.job} = ${ids.hop} and ${jobRuns.status} = 'succeeded' and ${jobRuns.payload} = '{"left":0}'::jsonb`,
            )
        )[0],
      5_000,
    );
    const elapsed = last.finishedAt!.getTime() - created;
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.job, ids.hop));
    const lateness = runs.map((r) => r.startedAt!.getTime() - r.runAt.getTime());
    console.log(
      `chain of ${hops} jobs (${hops - 1} delays of 100 ms): create → last finished in ${elapsed} ms; each start after its runAt: ${lateness.join(", ")} ms`,
    );
    expect(Math.max(...lateness)).toBeLessThan(250);
    // 300 ms of delays; the rest is four runs and three enqueues, on a test machine that runs other suites too.
    expect(elapsed).toBeLessThan(1_000);
  });

  it("registers cron jobs, runs a cron tick, and runs one now on demand", async () => {
    const ticks: string[] = [];
    const job = defineTestJob({
      id: uniqueJobId("cron"),
      schema: z.object({}),
      retry: { maxAttempts: 2 },
      cron: "*/5 * * * *",
      run: async (_p, ctx) => ticks.push(ctx.runId),
    });
    await workers.start({ jobs: [job] });
    const known = await db.execute(
      sql`select 1 from graphile_worker._private_known_crontabs where identifier = ${job.id}`,
    );
    expect(known.length).toBe(1);

    // A tick as graphile-worker's cron adds it: no run row yet, a `_cron` payload.
    const ts = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    await db.execute(
      sql`select graphile_worker.add_job(${job.id}::text, ${JSON.stringify({ _cron: { ts } })}::json, max_attempts => 2)`,
    );
    const tick = await waitFor(
      async () =>
        (
          await db
            .select()
            .from(jobRuns)
            .where(eq(jobRuns.idempotencyKey, `cron:${job.id}:${ts}`))
        )[0]?.status === "succeeded",
      5_000,
    );
    expect(tick).toBe(true);

    const now = await enqueue(job, {}, { idempotencyKey: `run-now:${job.id}:${randomUUID()}` });
    await waitForStatus(now.runId, "succeeded", 5_000);
    expect(ticks).toHaveLength(2);
  });
});
