import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, users } from "@/db/schema";
import { suspendInstance, terminateInstance } from "@/jobs/contracts";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";
import { instanceSummary } from "@/lib/webhooks/instance-events";
import { recordWebhookEvent } from "@/lib/webhooks/record";
import { enqueue } from "@/jobs/engine";

const REMIND_BEFORE_MS = 3 * 86_400_000;

// Each email carries a dedupe key and each job an idempotency key, so running the sweep twice changes nothing.
export async function sweepTrials(db: Db) {
  const now = new Date();
  const result = { reminded: 0, suspended: 0, terminated: 0 };
  const trials = await db
    .select({ instance: instances, owner: users })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(and(eq(instances.isTrial, true), inArray(instances.status, ["running", "starting", "failed", "suspended"])));

  for (const { instance, owner } of trials) {
    const ends = instance.trialEndsAt;
    const dashboardUrl = appUrl(`/instances/${instance.id}`);
    if (instance.status === "running" && ends && ends > now && ends.getTime() - now.getTime() <= REMIND_BEFORE_MS) {
      const { sent } = await sendEmail(db, {
        to: owner.email,
        userId: owner.id,
        template: "trial-ending",
        dedupeKey: `trial-ending:${instance.id}`,
        props: {
          name: owner.name ?? "there",
          instanceName: instance.name,
          endsAt: formatDate(ends),
          retentionDays: env.RETENTION_DAYS,
          dashboardUrl,
        },
      });
      if (sent) result.reminded++;
      await recordWebhookEvent(
        db,
        "trial.ending",
        { instance: instanceSummary(instance), endsAt: ends.toISOString() },
        `trial.ending:${instance.id}`,
      );
    }
    if (instance.status !== "suspended" && ends && ends <= now) {
      await enqueue(
        suspendInstance,
        { instanceId: instance.id, reason: "Your free trial ended.", backup: true },
        { idempotencyKey: `trial-suspend:${instance.id}` },
      );
      await recordWebhookEvent(
        db,
        "trial.ended",
        { instance: instanceSummary(instance), endedAt: ends.toISOString() },
        `trial.ended:${instance.id}`,
      );
      await sendEmail(db, {
        to: owner.email,
        userId: owner.id,
        template: "trial-ended",
        dedupeKey: `trial-ended:${instance.id}`,
        props: {
          name: owner.name ?? "there",
          instanceName: instance.name,
          deleteOn: formatDate(new Date(now.getTime() + env.RETENTION_DAYS * 86_400_000)),
          dashboardUrl,
        },
      });
      result.suspended++;
    }
    const retentionEnd =
      instance.suspendedAt && new Date(instance.suspendedAt.getTime() + env.RETENTION_DAYS * 86_400_000);
    if (instance.status === "suspended" && ends && ends <= now && retentionEnd && retentionEnd <= now) {
      await enqueue(
        terminateInstance,
        {
          instanceId: instance.id,
          reason: `the free trial ended and the instance was not upgraded within ${env.RETENTION_DAYS} days.`,
        },
        { idempotencyKey: `trial-terminate:${instance.id}` },
      );
      result.terminated++;
    }
  }
  return result;
}
