import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { sendEmail } from "@/lib/mail";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { loadHostKeyFingerprint } from "@/lib/ssh-gateway/host-key";
import { appUrl } from "@/lib/urls";
import { sshCommand, instanceUrl, type InstanceParts } from "./spec";
import { transition } from "./transitions";

// Starting → running. The first time, the trial clock starts and the "ready" email goes out, exactly once.
export async function markReady(db: Db, parts: InstanceParts, check: { httpStatus: number; httpMs: number }) {
  const { instance, plan } = parts;
  const firstTime = !instance.readyAt;
  const now = new Date();
  const moved = await transition(db, instance.id, {
    from: ["starting"], to: "running",
    set: firstTime
      ? { readyAt: now, trialEndsAt: instance.isTrial ? new Date(now.getTime() + plan.trialDays * 86_400_000) : null, failureReason: null }
      : { failureReason: null },
    event: {
      type: firstTime ? "instance.ready" : "instance.running",
      message: `Ready: the container runs, the health check answered ${check.httpStatus} in ${check.httpMs} ms, and SSH works.`,
    },
  });
  if (!moved || !firstTime) return moved;
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  await sendEmail(db, {
    to: owner!.email, userId: owner!.id, template: "instance-ready", dedupeKey: `instance-ready:${instance.id}`,
    props: {
      name: owner!.name ?? "there", instanceName: instance.name, url: instanceUrl(parts), sshCommand: sshCommand(instance.slug),
      hostKeyFingerprint: await loadHostKeyFingerprint(), dashboardUrl: appUrl(`/instances/${instance.id}`),
      trialEndsAt: moved.trialEndsAt ? moved.trialEndsAt.toUTCString() : null,
    },
  });
  return moved;
}

// Starting → failed: the customer gets a clear message on the page and by email, staff get an alert.
export async function markFailed(db: Db, parts: InstanceParts, reason: string) {
  const { instance } = parts;
  const moved = await transition(db, instance.id, {
    from: ["starting", "provisioning"], to: "failed", set: { failureReason: reason },
    event: { type: "instance.failed", message: `Failed to start: ${reason}` },
  });
  if (!moved) return null;
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  await sendEmail(db, {
    to: owner!.email, userId: owner!.id, template: "instance-failed", dedupeKey: `instance-failed:${instance.id}:${moved.statusChangedAt.getTime()}`,
    props: { name: owner!.name ?? "there", instanceName: instance.name, reason, dashboardUrl: appUrl(`/instances/${instance.id}`) },
  });
  await sendStaffAlert(db, {
    subject: `Instance ${instance.slug} failed to start`,
    lines: [`Owner: ${owner!.email}`, `Reason: ${reason}`, `Host: ${parts.host.name}`, `Timeout: ${env.READY_TIMEOUT_SECONDS}s`],
    link: appUrl(`/admin`),
    dedupeKey: `staff:instance-failed:${instance.id}:${moved.statusChangedAt.getTime()}`,
  });
  return moved;
}
