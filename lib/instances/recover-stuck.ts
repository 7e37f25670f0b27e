import { and, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, jobRuns } from "@/db/schema";
import { checkInstanceReady, provisionInstance, terminateInstance } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";

const STUCK_AFTER_MS = 30_000;

// An instance in a transitional state with no live job to move it on (its worker died, a job was lost) gets
// its job again. Every job finds before it acts, so a second run never makes a second container.
export async function recoverStuckInstances(db: Db) {
  const stuck = await db
    .select()
    .from(instances)
    .where(
      and(
        inArray(instances.status, ["provisioning", "starting", "terminating"]),
        lt(instances.statusChangedAt, new Date(Date.now() - STUCK_AFTER_MS)),
      ),
    );
  let recovered = 0;
  for (const instance of stuck) {
    const job = { provisioning: provisionInstance, starting: checkInstanceReady, terminating: terminateInstance }[
      instance.status as "provisioning"
    ];
    const [live] = await db
      .select({ id: jobRuns.id })
      .from(jobRuns)
      .where(
        and(
          eq(jobRuns.job, job.id),
          // A run that says "running" for minutes belongs to a worker that died.
          or(
            inArray(jobRuns.status, ["queued", "retrying"]),
            and(eq(jobRuns.status, "running"), gt(jobRuns.startedAt, new Date(Date.now() - 120_000))),
          ),
          sql`${jobRuns.payload}->>'instanceId' = ${instance.id}`,
        ),
      )
      .limit(1);
    if (live) continue;
    const bucket = Math.floor(Date.now() / 60_000);
    const key = `recover:${instance.id}:${instance.status}:${bucket}`;
    if (instance.status === "provisioning")
      await enqueue(provisionInstance, { instanceId: instance.id }, { idempotencyKey: key });
    else if (instance.status === "starting")
      await enqueue(checkInstanceReady, { instanceId: instance.id, check: 1 }, { idempotencyKey: key });
    else
      await enqueue(
        terminateInstance,
        { instanceId: instance.id, reason: "finishing an interrupted termination" },
        { idempotencyKey: key },
      );
    recovered++;
  }
  return recovered;
}
