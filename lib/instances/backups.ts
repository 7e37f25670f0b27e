import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { backups, instances, type Backup } from "@/db/schema";
import { env } from "@/lib/env";
import { backupVolume, execInContainer, restoreVolume } from "@/lib/providers/docker";
import { deleteArchive, readArchive, storeArchive, verifyArchive } from "./backup-store";
import type { InstanceParts } from "./spec";

export async function createBackupRow(db: Db, instanceId: string, kind: Backup["kind"]) {
  const expiresAt = kind === "manual" ? null : new Date(Date.now() + env.RETENTION_DAYS * 86_400_000);
  const [row] = await db.insert(backups).values({ instanceId, kind, expiresAt }).returning();
  return row!;
}

// Streams an archive of the stack's data path, read through the Engine API, to object storage (or BACKUP_DIR),
// with its size and SHA-256. Running it again for the same row rewrites the same object, so a retried job leaves one.
export async function writeBackup(db: Db, parts: Omit<InstanceParts, "plan">, backup: Backup): Promise<Backup> {
  const archive = await backupVolume(parts.host.endpoint, parts.instance.containerId!, parts.stack.volumePath);
  const stored = await storeArchive(`${parts.instance.id}/${backup.id}.tar`, archive);
  const [row] = await db
    .update(backups)
    .set({ status: "completed", ...stored, completedAt: new Date(), error: null })
    .where(eq(backups.id, backup.id))
    .returning();
  return row!;
}

export class DamagedBackupError extends Error {}

// Puts the data path back as it was in the backup: what is there now is cleared first, and only once the stored
// archive has been read through and matched its checksum, so a damaged one changes nothing.
export async function restoreBackup(parts: Omit<InstanceParts, "plan">, backup: Backup) {
  const { host, instance, stack } = parts;
  const damaged = await verifyArchive(backup);
  if (damaged) throw new DamagedBackupError(damaged);
  const dir = stack.volumePath.replace(/'/g, "");
  const cleared = await execInContainer(host.endpoint, instance.containerId!, [
    "sh",
    "-c",
    `rm -rf '${dir}'/* '${dir}'/.[!.]* '${dir}'/..?* 2>/dev/null; true`,
  ]);
  if (cleared.exitCode !== 0) throw new Error(`Could not clear ${stack.volumePath}: ${cleared.stderr}`);
  await restoreVolume(host.endpoint, instance.containerId!, stack.volumePath, await readArchive(backup));
}

export function listBackups(db: Db, instanceId: string) {
  return db.select().from(backups).where(eq(backups.instanceId, instanceId)).orderBy(desc(backups.createdAt));
}

export async function findBackup(db: Db, instanceId: string, backupId: string) {
  const [row] = await db
    .select()
    .from(backups)
    .where(and(eq(backups.instanceId, instanceId), eq(backups.id, backupId)));
  return row ?? null;
}

// A backup of any of the owner's instances: a copy restores the backup of the instance it was made from.
export async function findOwnersBackup(db: Db, ownerId: string, backupId: string) {
  const [row] = await db
    .select({ backup: backups })
    .from(backups)
    .innerJoin(instances, eq(instances.id, backups.instanceId))
    .where(and(eq(instances.ownerId, ownerId), eq(backups.id, backupId)));
  return row?.backup ?? null;
}

export async function deleteBackupFile(backup: Backup) {
  await deleteArchive(backup);
}
