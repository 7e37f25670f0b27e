import { AbortTaskRunError } from "@trigger.dev/sdk";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { insertRun } from "@/jobs/engine/runs";
import { jobRuns } from "@/db/schema";
import { allJobs } from "@/jobs/registry";
import { jobSchedules, jobTasks } from "@/jobs/trigger/tasks";
import { defineTestJob, readRun, uniqueJobId } from "@/test/jobs/engine-helpers";
import { scheduleTaskId, toTriggerTasks, triggerRunFor, triggerScheduleFor } from "./trigger-tasks";

afterAll(() => closeDb());

const attempt = (number: number) => ({ ctx: { attempt: { number }, run: { id: `run_${crypto.randomUUID()}` } } });
// What enqueue() does under the Trigger.dev engine before it calls tasks.trigger.
const enqueued = async (job: { id: string; retry: { maxAttempts: number } }, payload: unknown) =>
  (await insertRun(db, { job: job.id, payload, maxAttempts: job.retry.maxAttempts })).run.id;

describe("Trigger.dev tasks, run offline", () => {
  const greet = defineTestJob({
    id: uniqueJobId("greet"),
    schema: z.object({ name: z.string().min(1) }),
    retry: { maxAttempts: 2 },
    run: async ({ name }, ctx) => {
      if (name === "flaky" && ctx.attempt === 1) throw new Error("first attempt fails");
      return { hello: name, attempt: ctx.attempt };
    },
  });
  const sweep = defineTestJob({
    id: uniqueJobId("sweep"),
    schema: z.object({}),
    retry: { maxAttempts: 3 },
    cron: "0 * * * *",
    run: async () => ({ swept: 0 }),
  });

  it("builds a task per job and a scheduled task per cron", () => {
    const built = toTriggerTasks([greet, sweep]);
    expect(built.tasks.map((t) => t.id)).toEqual([greet.id, sweep.id]);
    expect(built.schedules.map((t) => t.id)).toEqual([scheduleTaskId(sweep.id)]);
    expect(jobTasks.map((t) => t.id)).toEqual(allJobs.map((j) => j.id));
    expect(jobSchedules.map((t) => t.id)).toEqual(allJobs.filter((j) => j.cron).map((j) => scheduleTaskId(j.id)));
  });

  it("runs an enqueued job and records it", async () => {
    const runId = await enqueued(greet, { name: "Ada" });
    await expect(triggerRunFor(greet)({ runId, payload: { name: "Ada" } }, attempt(1))).resolves.toEqual({
      hello: "Ada",
      attempt: 1,
    });
    expect(await readRun(runId)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("lets Trigger.dev retry a failed attempt, and aborts on a bad payload", async () => {
    const runId = await enqueued(greet, { name: "flaky" });
    const handler = triggerRunFor(greet);
    await expect(handler({ runId, payload: { name: "flaky" } }, attempt(1))).rejects.toThrow("first attempt fails");
    expect(await readRun(runId)).toMatchObject({ status: "retrying", attempts: 1 });
    await handler({ runId, payload: { name: "flaky" } }, attempt(2));
    expect(await readRun(runId)).toMatchObject({ status: "succeeded", attempts: 2 });

    const bad = await enqueued(greet, { name: "" });
    await expect(handler({ runId: bad, payload: { name: "" } }, attempt(1))).rejects.toBeInstanceOf(AbortTaskRunError);
    expect(await readRun(bad)).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("runs a dashboard test run (no envelope) and a schedule tick under a row of their own", async () => {
    const test = attempt(1);
    await expect(triggerRunFor(greet)({ name: "Grace" }, test)).resolves.toMatchObject({ hello: "Grace" });
    const [row] = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.idempotencyKey, `trigger:${test.ctx.run.id}`));
    expect(row).toMatchObject({ status: "succeeded", job: greet.id });

    const timestamp = new Date("2030-01-01T10:00:00.000Z");
    await expect(triggerScheduleFor(sweep)({ timestamp }, attempt(1))).resolves.toEqual({ swept: 0 });
    const [tick] = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.idempotencyKey, `cron:${sweep.id}:${timestamp.toISOString()}`));
    expect(tick).toMatchObject({ status: "succeeded", result: { swept: 0 } });
  });
});
