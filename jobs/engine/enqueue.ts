import { configure, idempotencyKeys, tasks } from "@trigger.dev/sdk";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { db, type Db } from "@/lib/db";
import { insertRun } from "@/jobs/engine/runs";
import { env } from "@/lib/env";
import type { Enqueue, EnqueueOptions, EnqueueResult, JobDefinition } from "./define";
import { ensureQueueSchema, WORKER_SCHEMA } from "./graphile";
import type { Envelope } from "./run-job";

export class InvalidJobPayloadError extends Error {
  override name = "InvalidJobPayloadError";
}

async function addEmbeddedJob(tx: Db, jobId: string, envelope: Envelope, runAt: Date | undefined, maxAttempts: number) {
  // The run id is the graphile job key, so a released lock can be traced back to its job_runs row.
  await tx.execute(sql`select ${sql.identifier(WORKER_SCHEMA)}.add_job(
    ${jobId}::text,
    ${JSON.stringify(envelope)}::json,
    run_at => ${runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${maxAttempts}::int,
    job_key => ${envelope.runId}::text
  )`);
}

export function assertPayload(job: JobDefinition, payload: unknown) {
  const parsed = job.schema.safeParse(payload);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
  throw new InvalidJobPayloadError(`invalid payload for job ${job.id}: ${issues}`);
}

let triggerConfigured = false;

// Inside a deployed Trigger.dev task the SDK is configured already; elsewhere it needs our secret key.
export function configureTrigger() {
  if (!triggerConfigured && env.TRIGGER_SECRET_KEY) configure({ accessToken: env.TRIGGER_SECRET_KEY, baseURL: env.TRIGGER_API_URL });
  triggerConfigured = true;
}

async function triggerRun(jobId: string, envelope: Envelope, opts: { idempotencyKey: string; runAt?: Date; maxAttempts: number }) {
  configureTrigger();
  // A plain string would be scoped to the parent run when enqueued from inside a task; our keys are global.
  const idempotencyKey = await idempotencyKeys.create(opts.idempotencyKey, { scope: "global" });
  await tasks.trigger(jobId, envelope, { idempotencyKey, delay: opts.runAt, maxAttempts: opts.maxAttempts });
}

// The one way app code starts a job. Pass a transaction handle as `tx` to make the enqueue part of the
// caller's writes: under the embedded engine the job exists only if that transaction commits.
export async function enqueue<S extends z.ZodType>(
  job: JobDefinition<S>,
  payload: z.input<S>,
  opts: EnqueueOptions = {},
  tx?: Db,
): Promise<EnqueueResult> {
  assertPayload(job, payload);
  const embedded = env.JOBS_ENGINE === "embedded";
  if (embedded) await ensureQueueSchema();
  const maxAttempts = job.retry.maxAttempts;

  const work = async (t: Db): Promise<EnqueueResult> => {
    const { run, deduplicated } = await insertRun(t, { job: job.id, payload, idempotencyKey: opts.idempotencyKey, maxAttempts, runAt: opts.runAt });
    if (deduplicated) return { runId: run.id, deduplicated };
    const envelope: Envelope = { runId: run.id, payload };
    if (embedded) await addEmbeddedJob(t, job.id, envelope, opts.runAt, maxAttempts);
    // Trigger.dev is not transactional with our database: a failed trigger rolls the row back, but a trigger
    // made inside the caller's transaction stays even if that transaction later rolls back.
    else await triggerRun(job.id, envelope, { idempotencyKey: opts.idempotencyKey ?? run.id, runAt: opts.runAt, maxAttempts });
    return { runId: run.id, deduplicated };
  };
  return tx ? work(tx) : db.transaction((t) => work(t));
}

// `enqueueWith(tx)` has the shape of JobContext.enqueue, for code that takes an Enqueue.
export function enqueueWith(tx: Db): Enqueue {
  return (job, payload, opts) => enqueue(job, payload, opts, tx);
}
