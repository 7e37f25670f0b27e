import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { jobRuns, type JobRun } from "@/db/schema";

export type NewRun = { job: string; payload: unknown; idempotencyKey?: string; maxAttempts: number; runAt?: Date };

// The insert is the idempotency guard: a second run with the same key returns the first one instead.
export async function insertRun(db: Db, run: NewRun): Promise<{ run: JobRun; deduplicated: boolean }> {
  const [created] = await db
    .insert(jobRuns)
    .values(run)
    .onConflictDoNothing({ target: jobRuns.idempotencyKey })
    .returning();
  if (created) return { run: created, deduplicated: false };
  const [existing] = await db
    .select()
    .from(jobRuns)
    .where(eq(jobRuns.idempotencyKey, run.idempotencyKey ?? ""))
    .limit(1);
  if (!existing) throw new Error(`job run with idempotency key ${run.idempotencyKey} conflicted but cannot be read`);
  return { run: existing, deduplicated: true };
}

// A run that already succeeded is not started again (a duplicate delivery or a released lock).
export async function startRun(db: Db, runId: string, attempt: number) {
  const [row] = await db
    .update(jobRuns)
    .set({ status: "running", attempts: attempt, startedAt: new Date(), finishedAt: null, error: null })
    .where(and(eq(jobRuns.id, runId), ne(jobRuns.status, "succeeded")))
    .returning();
  if (row) return { run: row, alreadySucceeded: false };
  const [existing] = await db.select().from(jobRuns).where(eq(jobRuns.id, runId)).limit(1);
  if (!existing) return null;
  return { run: existing, alreadySucceeded: true };
}

// Cron ticks (and jobs added to the queue by hand) have no row until they start; the key makes a retry of
// the same tick reuse its row.
export async function startKeyedRun(
  db: Db,
  run: { job: string; key: string; payload: unknown; maxAttempts: number; attempt: number },
) {
  const now = new Date();
  const [row] = await db
    .insert(jobRuns)
    .values({
      job: run.job,
      payload: run.payload,
      idempotencyKey: run.key,
      maxAttempts: run.maxAttempts,
      status: "running",
      attempts: run.attempt,
      runAt: now,
      startedAt: now,
    })
    .onConflictDoUpdate({
      target: jobRuns.idempotencyKey,
      set: { status: "running", attempts: run.attempt, startedAt: now, finishedAt: null, error: null },
    })
    .returning();
  return row!;
}

export async function finishRun(
  db: Db,
  runId: string,
  outcome: { status: "succeeded"; result: unknown } | { status: "retrying" | "failed"; error: string },
) {
  const finishedAt = outcome.status === "retrying" ? null : new Date();
  const values =
    outcome.status === "succeeded"
      ? { status: outcome.status, result: outcome.result ?? null, error: null, finishedAt }
      : { status: outcome.status, error: outcome.error, finishedAt };
  await db.update(jobRuns).set(values).where(eq(jobRuns.id, runId));
}

// Runs whose worker died mid-attempt: back to retrying if attempts remain, otherwise failed.
export async function markRunsAbandoned(db: Db, target: { runIds: string[]; idempotencyKeys: string[] }) {
  const match = [
    target.runIds.length > 0 ? inArray(jobRuns.id, target.runIds) : undefined,
    target.idempotencyKeys.length > 0 ? inArray(jobRuns.idempotencyKey, target.idempotencyKeys) : undefined,
  ].filter((c) => c !== undefined);
  if (match.length === 0) return;
  const attemptsLeft = sql`${jobRuns.attempts} < ${jobRuns.maxAttempts}`;
  await db
    .update(jobRuns)
    .set({
      status: sql`(case when ${attemptsLeft} then 'retrying' else 'failed' end)::job_run_status`,
      error: "the worker running this attempt stopped responding",
      finishedAt: sql`case when ${attemptsLeft} then null else now() end`,
    })
    .where(and(or(...match), eq(jobRuns.status, "running")));
}
