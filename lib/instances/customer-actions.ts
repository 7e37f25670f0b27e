import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceEvents, instanceSshKeys, plans, sshKeys } from "@/db/schema";
import { backupInstance, resizeInstance, restartInstance, restoreInstance, terminateInstance } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import type { ActionResult } from "@/lib/action";
import { refusal } from "./actions-allowed";
import { createBackupRow, findBackup } from "./backups";
import { recordEvent } from "./events";
import { loadOwnedInstance } from "./load";
import { transition } from "./transitions";

const NOT_FOUND = { error: "Instance not found." };

// Everything a customer can do to an instance; each starts by finding the instance among the customer's own.
// `requestId` comes with the form the customer submitted, so a double submit enqueues one job, not two.
export async function requestResize(
  db: Db,
  userId: string,
  instanceId: string,
  planId: string,
  requestId: string,
): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const refused = refusal("resize", parts.instance);
  if (refused) return { error: refused };
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, planId), eq(plans.active, true)));
  if (!plan) return { error: "That plan is not available." };
  if (plan.id === parts.plan.id) return { error: `The instance is already on the ${plan.name} plan.` };
  if (parts.instance.isTrial && plan.trialDays <= 0)
    return { error: `The ${plan.name} plan has no free trial; trial instances can use plans with a trial.` };
  await enqueue(
    resizeInstance,
    { instanceId, planId, actorId: userId },
    { idempotencyKey: `resize:${instanceId}:${planId}:${requestId}` },
  );
  return { success: `Resizing to ${plan.name}. The new limits apply in a few seconds, without a restart.` };
}

export async function requestBackup(db: Db, userId: string, instanceId: string): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const refused = refusal("backup", parts.instance);
  if (refused) return { error: refused };
  const backup = await createBackupRow(db, instanceId, "manual");
  await recordEvent(db, instanceId, { type: "backup.requested", actorId: userId, message: "Backup requested." });
  await enqueue(backupInstance, { backupId: backup.id }, { idempotencyKey: `backup:${backup.id}` });
  return { success: "Backing up. The backup appears in the list when it is complete." };
}

export const RESTARTING = "instance.restarting";
const RESTART_STARTED = "Restarting. It is back once its health check answers, usually within seconds.";

// Running → starting at once, with the job that restarts the container in the same transaction: a second
// request (another tab, a double click) finds it starting and restarts nothing more.
export async function requestRestart(
  db: Db,
  userId: string,
  instanceId: string,
  requestId: string,
): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const moved = await db.transaction(async (tx) => {
    if (refusal("restart", parts.instance)) return null;
    const row = await transition(tx, instanceId, {
      from: ["running"],
      to: "starting",
      event: { type: RESTARTING, actorId: userId, message: "Restart requested.", data: { requestId } },
    });
    if (row)
      await enqueue(
        restartInstance,
        { instanceId, since: row.statusChangedAt.toISOString(), actorId: userId },
        { idempotencyKey: `restart:${instanceId}:${row.statusChangedAt.getTime()}` },
        tx,
      );
    return row;
  });
  if (moved) return { success: RESTART_STARTED };
  // The same form sent twice: the first one is the restart under way.
  const [same] = await db
    .select({ id: instanceEvents.id })
    .from(instanceEvents)
    .where(
      and(
        eq(instanceEvents.instanceId, instanceId),
        eq(instanceEvents.type, RESTARTING),
        sql`${instanceEvents.data}->>'requestId' = ${requestId}`,
      ),
    );
  if (same) return { success: RESTART_STARTED };
  const current = await loadOwnedInstance(db, userId, instanceId);
  return { error: refusal("restart", current?.instance ?? parts.instance) ?? "Please try again." };
}

export async function requestRestore(
  db: Db,
  userId: string,
  instanceId: string,
  backupId: string,
  requestId: string,
): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const refused = refusal("restore", parts.instance);
  if (refused) return { error: refused };
  const backup = await findBackup(db, instanceId, backupId);
  if (backup?.status !== "completed") return { error: "That backup is not available." };
  await enqueue(
    restoreInstance,
    { instanceId, backupId, actorId: userId },
    { idempotencyKey: `restore:${backupId}:${requestId}` },
  );
  return { success: "Restoring. The data path is replaced with the backup's contents in a few seconds." };
}

export async function requestTerminate(
  db: Db,
  userId: string,
  instanceId: string,
  confirmName: string,
): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const refused = refusal("terminate", parts.instance);
  if (refused) return { error: refused };
  if (confirmName.trim() !== parts.instance.name)
    return { error: `Type the instance's name, ${parts.instance.name}, to confirm.` };
  await enqueue(
    terminateInstance,
    { instanceId, reason: "you asked us to.", actorId: userId },
    { idempotencyKey: `terminate:${instanceId}` },
  );
  return { success: "Terminating. A final backup is taken first." };
}

export async function setInstanceKey(
  db: Db,
  userId: string,
  instanceId: string,
  keyId: string,
  attach: boolean,
): Promise<ActionResult> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const [key] = await db
    .select()
    .from(sshKeys)
    .where(and(eq(sshKeys.id, keyId), eq(sshKeys.userId, userId)));
  if (!key) return { error: "That SSH key was not found." };
  if (attach) {
    const added = await db
      .insert(instanceSshKeys)
      .values({ instanceId, sshKeyId: keyId })
      .onConflictDoNothing()
      .returning();
    if (!added.length) return { error: `“${key.name}” is already on this instance.` };
  } else {
    await db
      .delete(instanceSshKeys)
      .where(and(eq(instanceSshKeys.instanceId, instanceId), inArray(instanceSshKeys.sshKeyId, [keyId])));
  }
  await recordEvent(db, instanceId, {
    type: attach ? "key.added" : "key.removed",
    actorId: userId,
    message: `SSH key “${key.name}” (${key.fingerprint}) ${attach ? "added" : "removed"}.`,
  });
  return { success: attach ? `“${key.name}” can now connect.` : `“${key.name}” was removed from this instance.` };
}
