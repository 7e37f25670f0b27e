import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceSshKeys, users } from "@/db/schema";
import { restoreInstance } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { refundNeverRan } from "@/lib/billing/never-ran";
import { env } from "@/lib/env";
import { formatDateTime, formatMoney } from "@/lib/format";
import { sendEmail } from "@/lib/mail";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { loadHostKeyFingerprint } from "@/lib/ssh-gateway/host-key";
import { appUrl } from "@/lib/urls";
import { sshCommand, instanceUrl, type InstanceParts } from "./spec";
import { whenHostQuiet } from "./start-slots";
import { transition } from "./transitions";

const EMAIL_WAITS_AT_MOST_MS = 10_000;

// Starting → running. The first time, the trial clock starts and the "ready" email goes out, exactly once.
export async function markReady(db: Db, parts: InstanceParts, check: { httpStatus: number; httpMs: number }) {
  const { instance, plan } = parts;
  const firstTime = !instance.readyAt;
  const now = new Date();
  const moved = await transition(db, instance.id, {
    from: ["starting"],
    to: "running",
    set: firstTime
      ? {
          readyAt: now,
          trialEndsAt: instance.isTrial ? new Date(now.getTime() + plan.trialDays * 86_400_000) : null,
          failureReason: null,
        }
      : { failureReason: null },
    event: {
      type: firstTime ? "instance.ready" : "instance.running",
      message: `Ready: the container runs, the health check answered ${check.httpStatus} in ${check.httpMs} ms, and SSH works.`,
    },
  });
  if (!moved || !firstTime) return moved;
  // A copy gets the backup it was made from as soon as it runs (its timeline says when it is in).
  if (moved.restoreFromBackupId)
    await enqueue(
      restoreInstance,
      { instanceId: moved.id, backupId: moved.restoreFromBackupId, actorId: moved.ownerId },
      { idempotencyKey: `restore-copy:${moved.id}` },
    );
  // It works now, and its page says so at once. The email (rendering, mail server) waits for the host's other
  // instances to finish starting, so that it takes no CPU from them.
  await whenHostQuiet(parts.host, EMAIL_WAITS_AT_MOST_MS);
  await notifyReady(db, { ...parts, instance: moved });
  return moved;
}

// The email of an instance's first readiness, keyed so it goes out once however often this runs.
async function notifyReady(db: Db, parts: InstanceParts) {
  const { instance } = parts;
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  const keys = await db.$count(instanceSshKeys, eq(instanceSshKeys.instanceId, instance.id));
  await sendEmail(db, {
    to: owner!.email,
    userId: owner!.id,
    template: "instance-ready",
    dedupeKey: `instance-ready:${instance.id}`,
    props: {
      name: owner!.name ?? "there",
      instanceName: instance.name,
      url: instanceUrl(parts),
      sshCommand: sshCommand(instance.slug),
      hasKeys: keys > 0,
      hostKeyFingerprint: await loadHostKeyFingerprint(),
      dashboardUrl: appUrl(`/instances/${instance.id}`),
      trialEndsAt: instance.trialEndsAt ? formatDateTime(instance.trialEndsAt) : null,
    },
  });
}

// For a job that finds its instance already past starting: when the attempt that moved it could not send its
// email (the mail server was down), the job failed and this retry sends it; otherwise the key makes it a no-op.
export async function notifyOutcome(db: Db, parts: Unplaced) {
  const { instance, host } = parts;
  if (instance.status === "running" && instance.readyAt && host) await notifyReady(db, { ...parts, host });
  else if (instance.status === "failed") await notifyFailed(db, parts, instance.failureReason ?? "unknown");
}

type Unplaced = Omit<InstanceParts, "host"> & { host: InstanceParts["host"] | null };

// Provisioning or starting → failed: the customer gets a clear message on the page and by email, staff get an
// alert with `detail` (what the engine said), and a paid instance that never ran is refunded.
export async function markFailed(db: Db, parts: Unplaced, reason: string, detail?: string) {
  const moved = await transition(db, parts.instance.id, {
    from: ["starting", "provisioning"],
    to: "failed",
    set: { failureReason: reason },
    event: { type: "instance.failed", message: `Failed to start: ${reason}` },
  });
  if (!moved) return null;
  await notifyFailed(db, { ...parts, instance: moved }, reason, detail);
  return moved;
}

async function notifyFailed(db: Db, parts: Unplaced, reason: string, detail?: string) {
  const { instance } = parts;
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  // Before the email, so that it can say so; a retry finds the refund made and makes no second one.
  const refund = await refundNeverRan(db, instance);
  const refunded = refund ? formatMoney(refund.amount, refund.currency) : null;
  await sendEmail(db, {
    to: owner!.email,
    userId: owner!.id,
    template: "instance-failed",
    dedupeKey: `instance-failed:${instance.id}:${instance.statusChangedAt.getTime()}`,
    props: {
      name: owner!.name ?? "there",
      instanceName: instance.name,
      reason,
      refunded,
      dashboardUrl: appUrl(`/instances/${instance.id}`),
    },
  });
  await sendStaffAlert(db, {
    subject: `Instance ${instance.slug} failed to start`,
    lines: [
      `Owner: ${owner!.email}`,
      `Reason: ${reason}`,
      ...(detail ? [`Detail: ${detail}`] : []),
      `Host: ${parts.host?.name ?? "none (not placed)"}`,
      `Timeout: ${env.READY_TIMEOUT_SECONDS}s`,
      ...(refunded ? [`Refunded: ${refunded} (it never ran)`] : []),
    ],
    link: appUrl(`/admin/instances/${instance.id}`),
    dedupeKey: `staff:instance-failed:${instance.id}:${instance.statusChangedAt.getTime()}`,
  });
}
