import { db } from "@/lib/db";
import { finishRun, startKeyedRun, startRun } from "@/jobs/engine/runs";
import type { JobContext, JobDefinition } from "./define";

// Thrown when retrying cannot help (a payload that does not match the schema); each engine turns it into a
// run that ends now: graphile-worker completes the job, Trigger.dev gets an AbortTaskRunError.
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

export type RunMeta = {
  attempt: number;
  maxAttempts: number;
  // An enqueued run has its row already; a cron tick (or a job added to the queue by hand) gets one keyed by this.
} & ({ runId: string } | { newRunKey: string });

export type RunOutcome = { runId: string; status: "succeeded" | "skipped"; result: unknown };

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error)) || "unknown error";

// The one place a job's handler is called, whichever engine delivers it: records the attempt in job_runs,
// validates the payload and gives the handler its context. Throws to ask the engine for a retry.
export async function runJob(job: JobDefinition, rawPayload: unknown, meta: RunMeta): Promise<RunOutcome> {
  let runId: string;
  if ("newRunKey" in meta) {
    const row = await startKeyedRun(db, {
      job: job.id,
      key: meta.newRunKey,
      payload: rawPayload,
      maxAttempts: meta.maxAttempts,
      attempt: meta.attempt,
    });
    runId = row.id;
  } else {
    const started = await startRun(db, meta.runId, meta.attempt);
    // Under Trigger.dev the task can start before the enqueueing transaction commits; a retry will see it.
    if (!started) throw new Error(`job run ${meta.runId} (${job.id}) not found; was its enqueue rolled back?`);
    if (started.alreadySucceeded) return { runId: meta.runId, status: "skipped", result: started.run.result };
    runId = meta.runId;
  }

  const parsed = job.schema.safeParse(rawPayload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
    const error = `invalid payload for job ${job.id}: ${issues}`;
    await finishRun(db, runId, { status: "failed", error });
    throw new PermanentJobError(error);
  }

  const ctx: JobContext = {
    runId,
    attempt: meta.attempt,
    maxAttempts: meta.maxAttempts,
    log: (message, data) =>
      console.log(JSON.stringify({ job: job.id, runId, attempt: meta.attempt, message, ...data })),
  };

  try {
    const result = await job.run(parsed.data, ctx);
    await finishRun(db, runId, { status: "succeeded", result: result ?? null });
    return { runId, status: "succeeded", result };
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    const status = permanent || meta.attempt >= meta.maxAttempts ? "failed" : "retrying";
    await finishRun(db, runId, { status, error: errorMessage(error) });
    throw error;
  }
}
