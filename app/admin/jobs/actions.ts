"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/admin/queries/record-audit";
import { enqueue } from "@/jobs/engine";
import { allJobs } from "@/jobs/registry";
import { staffAction } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";

// Runs a cron job now, beside its schedule: a fresh idempotency key, so every click is a run of its own.
export const runCronNowAction = staffAction(z.object({ job: z.string().min(1) }), async ({ job: jobId }, user) => {
  const job = allJobs.find((j) => j.id === jobId && j.cron);
  if (!job) return { error: `No cron job named ${jobId}.` };
  const ip = clientIp(await headers());
  // The audit entry and the run are written together: no run without its entry, no entry for a run that never was.
  const { runId } = await db.transaction(async (tx) => {
    const run = await enqueue(job, {}, { idempotencyKey: `run-now:${job.id}:${randomUUID()}` }, tx);
    await recordAudit(tx, {
      actorId: user.id,
      action: "job.run_now",
      targetType: "job",
      targetId: job.id,
      ip,
      details: { runId: run.runId },
    });
    return run;
  });
  revalidatePath("/admin/jobs");
  return { success: `${job.id} queued (run ${runId.slice(0, 8)}).` };
});
