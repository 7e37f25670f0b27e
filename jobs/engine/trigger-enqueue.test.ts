import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { closeDb } from "@/lib/db";
import { enqueue, inMs } from "./index";
import { defineTestJob, queuedJobCount, readRun, uniqueJobId } from "@/test/jobs/engine-helpers";

const sdk = vi.hoisted(() => ({
  trigger: vi.fn(async () => ({ id: "run_1" })),
  create: vi.fn(async (key: string, options: { scope: string }) => `${options.scope}:${key}`),
  configure: vi.fn(),
}));
vi.mock("@trigger.dev/sdk", () => ({
  tasks: { trigger: sdk.trigger },
  idempotencyKeys: { create: sdk.create },
  configure: sdk.configure,
}));

// lib/env.ts parses the environment on first use, which in this file is after these are set.
beforeAll(() => {
  vi.stubEnv("JOBS_ENGINE", "trigger");
  vi.stubEnv("TRIGGER_SECRET_KEY", "tr_dev_test");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await closeDb();
});

it("under JOBS_ENGINE=trigger, enqueue records the run and triggers the task once, without graphile-worker", async () => {
  const job = defineTestJob({
    id: uniqueJobId("remote"),
    schema: z.object({ n: z.number() }),
    retry: { maxAttempts: 4 },
    run: async () => null,
  });
  const runAt = inMs(60_000);
  const key = `remote:${crypto.randomUUID()}`;
  const first = await enqueue(job, { n: 1 }, { idempotencyKey: key, runAt });
  const again = await enqueue(job, { n: 1 }, { idempotencyKey: key, runAt });

  expect(again).toEqual({ runId: first.runId, deduplicated: true });
  expect(sdk.configure).toHaveBeenCalledWith({ accessToken: "tr_dev_test", baseURL: undefined });
  expect(sdk.trigger).toHaveBeenCalledTimes(1);
  expect(sdk.trigger).toHaveBeenCalledWith(
    job.id,
    { runId: first.runId, payload: { n: 1 } },
    { idempotencyKey: `global:${key}`, delay: runAt, maxAttempts: 4 },
  );
  expect(await readRun(first.runId)).toMatchObject({ status: "queued", maxAttempts: 4 });
  expect(await queuedJobCount(job.id)).toBe(0);
});

it("rolls the run back when Trigger.dev refuses it", async () => {
  const job = defineTestJob({
    id: uniqueJobId("refused"),
    schema: z.object({}),
    retry: { maxAttempts: 1 },
    run: async () => null,
  });
  sdk.trigger.mockRejectedValueOnce(new Error("503 from api.trigger.dev"));
  await expect(enqueue(job, {}, { idempotencyKey: `refused:${crypto.randomUUID()}` })).rejects.toThrow("503");
});
