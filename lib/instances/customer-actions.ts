import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceSshKeys, plans, sshKeys } from "@/db/schema";
import { backupInstance } from "@/jobs/backup-instance";
import { enqueue } from "@/jobs/engine";
import { resizeInstance } from "@/jobs/resize-instance";
import { restoreInstance } from "@/jobs/restore-instance";
import { terminateInstance } from "@/jobs/terminate-instance";
import { createBackupRow, findBackup } from "./backups";
import { recordEvent } from "./events";
import { loadOwnedInstance } from "./load";

type Result = { error: string } | { success: string };
const NOT_FOUND = { error: "Instance not found." };

// Everything a customer can do to an instance; each starts by finding the instance among the customer's own.
export async function requestResize(db: Db, userId: string, instanceId: string, planId: string): Promise<Result> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  if (!["running", "suspended"].includes(parts.instance.status)) return { error: "An instance can be resized while it is running or suspended." };
  const [plan] = await db.select().from(plans).where(and(eq(plans.id, planId), eq(plans.active, true)));
  if (!plan) return { error: "That plan is not available." };
  if (plan.id === parts.plan.id) return { error: `The instance is already on the ${plan.name} plan.` };
  if (parts.instance.isTrial && plan.trialDays <= 0) return { error: `The ${plan.name} plan has no free trial; trial instances can use plans with a trial.` };
  await enqueue(resizeInstance, { instanceId, planId, actorId: userId }, { idempotencyKey: `resize:${instanceId}:${planId}:${Date.now()}` });
  return { success: `Resizing to ${plan.name}. The new limits apply in a few seconds, without a restart.` };
}

export async function requestBackup(db: Db, userId: string, instanceId: string): Promise<Result> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  if (!parts.instance.containerId || !["running", "suspended"].includes(parts.instance.status)) return { error: "An instance can be backed up once it has started." };
  const backup = await createBackupRow(db, instanceId, "manual");
  await recordEvent(db, instanceId, { type: "backup.requested", actorId: userId, message: "Backup requested." });
  await enqueue(backupInstance, { backupId: backup.id }, { idempotencyKey: `backup:${backup.id}` });
  return { success: "Backing up. The backup appears in the list when it is complete." };
}

export async function requestRestore(db: Db, userId: string, instanceId: string, backupId: string): Promise<Result> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  if (parts.instance.status !== "running") return { error: "An instance can be restored while it is running." };
  const backup = await findBackup(db, instanceId, backupId);
  if (backup?.status !== "completed") return { error: "That backup is not available." };
  await enqueue(restoreInstance, { instanceId, backupId, actorId: userId }, { idempotencyKey: `restore:${backupId}:${Date.now()}` });
  return { success: "Restoring. The data path is replaced with the backup's contents in a few seconds." };
}

export async function requestTerminate(db: Db, userId: string, instanceId: string, confirmName: string): Promise<Result> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  if (["terminating", "terminated"].includes(parts.instance.status)) return { error: "This instance is already being terminated." };
  if (confirmName.trim() !== parts.instance.name) return { error: `Type the instance's name, ${parts.instance.name}, to confirm.` };
  await enqueue(terminateInstance, { instanceId, reason: "you asked us to.", actorId: userId }, { idempotencyKey: `terminate:${instanceId}` });
  return { success: "Terminating. A final backup is taken first." };
}

export async function setInstanceKey(db: Db, userId: string, instanceId: string, keyId: string, attach: boolean): Promise<Result> {
  const parts = await loadOwnedInstance(db, userId, instanceId);
  if (!parts) return NOT_FOUND;
  const [key] = await db.select().from(sshKeys).where(and(eq(sshKeys.id, keyId), eq(sshKeys.userId, userId)));
  if (!key) return { error: "That SSH key was not found." };
  if (attach) {
    const added = await db.insert(instanceSshKeys).values({ instanceId, sshKeyId: keyId }).onConflictDoNothing().returning();
    if (!added.length) return { error: `“${key.name}” is already on this instance.` };
  } else {
    await db.delete(instanceSshKeys).where(and(eq(instanceSshKeys.instanceId, instanceId), inArray(instanceSshKeys.sshKeyId, [keyId])));
  }
  await recordEvent(db, instanceId, {
    type: attach ? "key.added" : "key.removed", actorId: userId,
    message: `SSH key “${key.name}” (${key.fingerprint}) ${attach ? "added" : "removed"}.`,
  });
  return { success: attach ? `“${key.name}” can now connect.` : `“${key.name}” was removed from this instance.` };
}
