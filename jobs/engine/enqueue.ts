import type { z } from "zod";
import { db, type Db } from "@/lib/db";
import { insertRun } from "@/jobs/engine/runs";
import type { EnqueueOptions, EnqueueResult, JobContract } from "./define";
import { engineAdapter } from "./adapters";

export class InvalidJobPayloadError extends Error {
  override name = "InvalidJobPayloadError";
}

export function assertPayload(job: JobContract, payload: unknown) {
  const parsed = job.schema.safeParse(payload);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
  throw new InvalidJobPayloadError(`invalid payload for job ${job.id}: ${issues}`);
}

// The one way code starts a job, jobs included: enqueue(contract, payload, opts). Pass a transaction handle as
// `tx` to make the enqueue part of the caller's writes: under the embedded engine the job exists only if that
// transaction commits.
export async function enqueue<S extends z.ZodType>(
  job: JobContract<S>,
  payload: z.input<S>,
  opts: EnqueueOptions = {},
  tx?: Db,
): Promise<EnqueueResult> {
  assertPayload(job, payload);
  const engine = engineAdapter();
  await engine.prepare();
  const work = async (t: Db): Promise<EnqueueResult> => {
    const { run, deduplicated } = await insertRun(t, {
      job: job.id,
      payload,
      idempotencyKey: opts.idempotencyKey,
      maxAttempts: job.retry.maxAttempts,
      runAt: opts.runAt,
    });
    if (deduplicated) return { runId: run.id, deduplicated };
    await engine.add(
      t,
      job,
      { runId: run.id, payload },
      { idempotencyKey: opts.idempotencyKey ?? run.id, runAt: opts.runAt },
    );
    return { runId: run.id, deduplicated };
  };
  return tx ? work(tx) : db.transaction((t) => work(t));
}
