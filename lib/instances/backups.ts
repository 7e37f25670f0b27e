import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { backups, type Backup } from "@/db/schema";
import { env } from "@/lib/env";
import { backupVolume, execInContainer, restoreVolume } from "@/lib/providers/docker";
import type { InstanceParts } from "./spec";

export const backupFile = (b: Pick<Backup, "path">) => path.resolve(env.BACKUP_DIR, b.path!);

export async function createBackupRow(db: Db, instanceId: string, kind: Backup["kind"]) {
  const expiresAt = kind === "manual" ? null : new Date(Date.now() + env.RETENTION_DAYS * 86_400_000);
  const [row] = await db.insert(backups).values({ instanceId, kind, expiresAt }).returning();
  return row!;
}

// Streams an archive of the stack's data path, read through the Engine API, into BACKUP_DIR.
// Running it again for the same row rewrites the same file, so a retried job leaves one archive.
export async function writeBackup(db: Db, parts: Omit<InstanceParts, "plan">, backup: Backup): Promise<Backup> {
  const relative = path.join(parts.instance.id, `${backup.id}.tar`);
  const file = path.resolve(env.BACKUP_DIR, relative);
  await mkdir(path.dirname(file), { recursive: true });
  const archive = await backupVolume(parts.host.endpoint, parts.instance.containerId!, parts.stack.volumePath);
  await pipeline(archive, createWriteStream(file));
  const { size } = await stat(file);
  const [row] = await db
    .update(backups)
    .set({ status: "completed", path: relative, sizeBytes: size, completedAt: new Date(), error: null })
    .where(eq(backups.id, backup.id))
    .returning();
  return row!;
}

// Puts the data path back as it was in the backup: what is there now is cleared first.
export async function restoreBackup(parts: Omit<InstanceParts, "plan">, backup: Backup) {
  const { host, instance, stack } = parts;
  const dir = stack.volumePath.replace(/'/g, "");
  const cleared = await execInContainer(host.endpoint, instance.containerId!, [
    "sh",
    "-c",
    `rm -rf '${dir}'/* '${dir}'/.[!.]* '${dir}'/..?* 2>/dev/null; true`,
  ]);
  if (cleared.exitCode !== 0) throw new Error(`Could not clear ${stack.volumePath}: ${cleared.stderr}`);
  await restoreVolume(host.endpoint, instance.containerId!, stack.volumePath, createReadStream(backupFile(backup)));
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

export async function deleteBackupFile(backup: Backup) {
  if (backup.path) await rm(backupFile(backup), { force: true });
}
