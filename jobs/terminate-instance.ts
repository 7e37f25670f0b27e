import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { backups, instances, users, type Backup, type Instance } from "@/db/schema";
import { endInstanceSubscriptions } from "@/lib/billing/end-subscription";
import { createBackupRow, writeBackup } from "@/lib/instances/backups";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { transition } from "@/lib/instances/transitions";
import { sendEmail } from "@/lib/mail";
import { syncEdge } from "@/lib/edge/sync";
import { releaseInstanceDomains } from "@/lib/domains/queries";
import { removeContainer, removeInstanceNetwork, removeVolume } from "@/lib/providers/docker";
import { formatDate, formatDateTime } from "@/lib/format";
import { terminateInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Terminate = the subscription canceled at once, a final backup kept for RETENTION_DAYS, then the container and
// its volume removed.
// Each step checks what is already done, so a retry after a crash finishes the job without repeating it.
export const terminateInstance = defineJob(contract, {
  async run({ instanceId, reason, actorId }) {
    const parts = await loadInstanceParts(db, instanceId);
    if (!parts) return { skipped: true };
    if (parts.instance.status === "terminated") {
      // A retry after the attempt that finished could not send its email.
      await notifyTerminated(parts.instance, reason, await finalBackup(instanceId));
      return { skipped: true };
    }
    await db.update(instances).set({ desiredState: "terminated" }).where(eq(instances.id, instanceId));
    await transition(db, instanceId, {
      from: ["pending_payment", "provisioning", "starting", "running", "suspended", "failed"],
      to: "terminating",
      event: { type: "instance.terminating", actorId, message: `Terminating: ${reason}` },
    });
    // Its custom domains are free for others at once, not only at the daily re-check.
    await releaseInstanceDomains(db, instanceId);
    const { canceled } = await endInstanceSubscriptions(db, parts.instance.ownerId, instanceId);
    if (canceled)
      await recordEvent(db, instanceId, {
        type: "billing.ended",
        actorId,
        message: "Subscription canceled: the instance is not billed again.",
      });

    const { host, instance } = parts;
    let final = await finalBackup(instanceId);
    if (host && instance.containerId) {
      final ??= await writeBackup(db, { ...parts, host }, await createBackupRow(db, instanceId, "final"));
      await removeContainer(host.endpoint, instance.containerId);
    }
    if (host) await removeInstanceNetwork(host.endpoint, instanceId);
    if (host) await removeVolume(host.endpoint, instanceId);

    const done = await transition(db, instanceId, {
      from: ["terminating"],
      to: "terminated",
      set: { terminatedAt: new Date(), containerId: null },
      event: {
        type: "instance.terminated",
        actorId,
        message: final
          ? `Terminated. The final backup is kept until ${formatDateTime(final.expiresAt!)}.`
          : "Terminated.",
      },
    });
    // Its address stops answering; should the edge be down, the reconciler drops the route later.
    await syncEdge(db).catch(() => {});
    if (done) await notifyTerminated(instance, reason, final);
    return { skipped: false };
  },
});

async function finalBackup(instanceId: string): Promise<Backup | undefined> {
  const [final] = await db
    .select()
    .from(backups)
    .where(and(eq(backups.instanceId, instanceId), eq(backups.kind, "final"), eq(backups.status, "completed")));
  return final;
}

// Once per instance (its key), however often a retry gets here.
async function notifyTerminated(instance: Instance, reason: string, final: Backup | undefined) {
  const [owner] = await db.select().from(users).where(eq(users.id, instance.ownerId));
  await sendEmail(db, {
    to: owner!.email,
    userId: owner!.id,
    template: "instance-terminated",
    dedupeKey: `instance-terminated:${instance.id}`,
    props: {
      name: owner!.name ?? "there",
      instanceName: instance.name,
      reason,
      backupKeptUntil: final?.expiresAt ? formatDate(final.expiresAt) : null,
    },
  });
}
