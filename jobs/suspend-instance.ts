import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { instances } from "@/db/schema";
import { asSentence } from "@/lib/format";
import { createBackupRow, writeBackup } from "@/lib/instances/backups";
import { loadInstanceParts } from "@/lib/instances/load";
import { notifyStaffSuspension } from "@/lib/instances/suspension-notice";
import { transition } from "@/lib/instances/transitions";
import { stopContainer } from "@/lib/providers/docker";
import { suspendInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Suspend = stop the container and keep its data; with `backup`, an automatic backup is taken first.
export const suspendInstance = defineJob(contract, {
  async run({ instanceId, reason, backup, actorId }) {
    const parts = await loadInstanceParts(db, instanceId);
    if (!parts || !["running", "starting", "failed"].includes(parts.instance.status)) return { skipped: true };
    await db.update(instances).set({ desiredState: "suspended" }).where(eq(instances.id, instanceId));
    const host = parts.host;
    if (host && parts.instance.containerId) {
      if (backup) await writeBackup(db, { ...parts, host }, await createBackupRow(db, instanceId, "automatic"));
      await stopContainer(host.endpoint, parts.instance.containerId);
    }
    const why = asSentence(reason);
    await transition(db, instanceId, {
      from: ["running", "starting", "failed"],
      to: "suspended",
      // Only staff pass an actor: billing and trial suspensions are the platform's own.
      set: { suspendedAt: new Date(), suspensionReason: why, suspendedByStaff: actorId !== null },
      event: {
        type: "instance.suspended",
        actorId,
        message: `Suspended: ${why}${backup ? " A backup was taken first; your data is kept." : " Your data is kept."}`,
      },
    });
    // Its address answers with the suspended page; should the edge be down, the reconciler routes it later.
    await syncEdge(db).catch(() => {});
    await notifyStaffSuspension(db, instanceId);
    return { skipped: false };
  },
});
