import { AbortTaskRunError, schedules, task } from "@trigger.dev/sdk";
import type { JobDefinition } from "./define";
import { cronRunKey, isEnvelope } from "./envelope";
import { PermanentJobError, runJob, type RunMeta } from "./run-job";

// The part of Trigger.dev's run context the adapters read; a test can pass just this.
export type TriggerAttempt = { ctx: { attempt: { number: number }; run: { id: string } } };

async function run(job: JobDefinition, payload: unknown, meta: RunMeta) {
  try {
    return (await runJob(job, payload, meta)).result;
  } catch (error) {
    // Trigger.dev retries any error except this one.
    if (error instanceof PermanentJobError) throw new AbortTaskRunError(error.message);
    throw error;
  }
}

export function triggerRunFor(job: JobDefinition) {
  return (payload: unknown, { ctx }: TriggerAttempt) => {
    const attempt = { attempt: ctx.attempt.number, maxAttempts: job.retry.maxAttempts };
    if (isEnvelope(payload)) return run(job, payload.payload, { ...attempt, runId: payload.runId });
    // Triggered from the dashboard or the CLI rather than enqueue(): validate it and give it a row of its own.
    return run(job, payload, { ...attempt, newRunKey: `trigger:${ctx.run.id}` });
  };
}

export function triggerScheduleFor(job: JobDefinition) {
  return ({ timestamp }: { timestamp: Date }, { ctx }: TriggerAttempt) =>
    run(
      job,
      {},
      { attempt: ctx.attempt.number, maxAttempts: job.retry.maxAttempts, newRunKey: cronRunKey(job.id, timestamp) },
    );
}

export const scheduleTaskId = (jobId: string) => `${jobId}-cron`;

// Every job becomes a task with the job's id (what enqueue() triggers, "Run now" included); a cron job also
// gets a scheduled task, under its own id because a scheduled task only accepts schedule payloads.
export function toTriggerTasks(jobs: JobDefinition[]) {
  const retry = (job: JobDefinition) => ({
    maxAttempts: job.retry.maxAttempts,
    factor: 2,
    minTimeoutInMs: 1_000,
    maxTimeoutInMs: 60_000,
    randomize: true,
  });
  return {
    tasks: jobs.map((job) =>
      task({
        id: job.id,
        retry: retry(job),
        run: triggerRunFor(job),
        ...(job.serialPerKey ? { queue: { concurrencyLimit: 1 } } : {}),
      }),
    ),
    schedules: jobs.flatMap((job) =>
      job.cron
        ? [
            schedules.task({
              id: scheduleTaskId(job.id),
              cron: job.cron,
              retry: retry(job),
              run: triggerScheduleFor(job),
            }),
          ]
        : [],
    ),
  };
}
