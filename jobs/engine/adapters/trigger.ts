import { configure, idempotencyKeys, tasks } from "@trigger.dev/sdk";
import { env } from "@/lib/env";
import type { EngineAdapter } from "./types";

let configured = false;

// Inside a deployed Trigger.dev task the SDK is configured already; elsewhere it needs our secret key.
export function configureTrigger() {
  if (!configured && env.TRIGGER_SECRET_KEY)
    configure({ accessToken: env.TRIGGER_SECRET_KEY, baseURL: env.TRIGGER_API_URL });
  configured = true;
}

// Trigger.dev takes whole seconds, at least one.
const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))}s`;

// Trigger.dev v4. It is not transactional with our database: a failed trigger rolls the job_runs row back, but a
// trigger made inside the caller's transaction stays even if that transaction later rolls back.
export const triggerAdapter: EngineAdapter = {
  async prepare() {
    configureTrigger();
  },
  async add(_tx, job, envelope, opts) {
    configureTrigger();
    // A plain string would be scoped to the parent run when enqueued from inside a task; our keys are global.
    const idempotencyKey = await idempotencyKeys.create(opts.idempotencyKey, { scope: "global" });
    await tasks.trigger(job.id, envelope, { idempotencyKey, delay: opts.runAt, maxAttempts: job.retry.maxAttempts });
  },
  async coalesce(_db, job, payload, opts) {
    configureTrigger();
    await tasks.trigger(job.id, payload, {
      debounce: { key: opts.key, delay: seconds(opts.delayMs), maxDelay: seconds(opts.maxDelayMs), mode: "trailing" },
      maxAttempts: job.retry.maxAttempts,
      // The task's queue allows one run at a time (toTriggerTasks), and the key gives each customer its own copy.
      ...(job.serialPerKey ? { concurrencyKey: opts.key } : {}),
    });
  },
  async coalesceOnInsert(db, insert, job, payload, opts) {
    return db.transaction(async (tx) => {
      if ((await tx.execute(insert.getSQL())).length === 0) return false;
      await triggerAdapter.coalesce(tx, job, payload, opts);
      return true;
    });
  },
};
