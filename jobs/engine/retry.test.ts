import { afterAll, afterEach, expect, it } from "vitest";
import { z } from "zod";
import { closeDb } from "@/lib/db";
import { enqueue } from "./index";
import { defineTestJob, readRun, uniqueJobId, waitForStatus, workerPool } from "@/test/jobs/engine-helpers";

const workers = workerPool();
afterEach(() => workers.stopAll());
afterAll(() => closeDb());

// graphile-worker waits e^attempt seconds between attempts: about 2.7 s, then 7.4 s.
it("retries a failing job with backoff until it succeeds", { timeout: 30_000 }, async () => {
  const attempts: { attempt: number; at: number }[] = [];
  const job = defineTestJob({
    id: uniqueJobId("flaky"),
    schema: z.object({}),
    retry: { maxAttempts: 3 },
    run: async (_payload, ctx) => {
      attempts.push({ attempt: ctx.attempt, at: Date.now() });
      if (ctx.attempt < 3) throw new Error(`flaky failure ${ctx.attempt}`);
      return { ok: true };
    },
  });
  await workers.start({ jobs: [job] });
  const { runId } = await enqueue(job, {});

  const retrying = await waitForStatus(runId, "retrying", 5_000);
  expect(retrying).toMatchObject({ attempts: 1, error: "flaky failure 1", finishedAt: null });

  const run = await waitForStatus(runId, "succeeded", 20_000);
  expect(run).toMatchObject({ attempts: 3, maxAttempts: 3, result: { ok: true }, error: null });
  expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
  expect(second - first).toBeGreaterThan(2_000);
  expect(third - second).toBeGreaterThan(second - first);
});

it("marks a run failed once its attempts are used up", { timeout: 15_000 }, async () => {
  const job = defineTestJob({
    id: uniqueJobId("doomed"),
    schema: z.object({}),
    retry: { maxAttempts: 2 },
    run: async (_payload, ctx) => {
      throw new Error(`always fails (${ctx.attempt}/${ctx.maxAttempts})`);
    },
  });
  await workers.start({ jobs: [job] });
  const { runId } = await enqueue(job, {});
  const run = await waitForStatus(runId, "failed", 10_000);
  expect(run).toMatchObject({ attempts: 2, error: "always fails (2/2)" });
  expect((await readRun(runId))?.finishedAt).toBeInstanceOf(Date);
});
