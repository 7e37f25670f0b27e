import type { Db } from "@/db";
import { createPendingInstance, needsPayment } from "@/lib/billing/paid-instance";
import { formatDateTime } from "@/lib/format";
import { findBackup } from "./backups";
import { createTrialInstance, type CreateInstanceInput } from "./create";
import { loadOwnedInstance } from "./load";

export type CopyResult = { error: string } | { ok: true; instanceId: string; needsPayment: boolean };

// A new instance of the owner's, on the same plan and stack as the backup's instance, into which the backup is
// restored once it first runs. It is created exactly as a new instance would be, with the same checks: a trial
// where the account has one left, otherwise waiting for Checkout (the caller sends the customer there).
export async function restoreIntoCopy(
  db: Db,
  userId: string,
  p: { instanceId: string; backupId: string; name: string; keyIds?: string[] },
): Promise<CopyResult> {
  const source = await loadOwnedInstance(db, userId, p.instanceId);
  if (!source) return { error: "Instance not found." };
  const backup = await findBackup(db, p.instanceId, p.backupId);
  if (backup?.status !== "completed") return { error: "That backup is not complete, or no longer exists." };
  const input: CreateInstanceInput = {
    name: p.name,
    planId: source.plan.id,
    stackId: source.stack.id,
    keyIds: p.keyIds ?? [],
  };
  const copy = {
    restoreFromBackupId: backup.id,
    message: `It starts with the backup of ${source.instance.name} from ${formatDateTime(backup.createdAt)}.`,
  };
  const pay = await needsPayment(db, userId, source.plan.id);
  const created = pay
    ? await createPendingInstance(db, userId, input, copy)
    : await createTrialInstance(db, userId, input, copy);
  return "error" in created ? created : { ok: true, instanceId: created.instanceId, needsPayment: pay };
}
