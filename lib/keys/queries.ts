import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, instanceSshKeys, sshKeys, type SshKey } from "@/db/schema";

export type NewSshKey = typeof sshKeys.$inferInsert;
export type KeyUsage = { keyId: string; instanceId: string; instanceName: string };

export function findUserKeys(db: Db, userId: string): Promise<SshKey[]> {
  return db.select().from(sshKeys).where(eq(sshKeys.userId, userId)).orderBy(asc(sshKeys.createdAt), asc(sshKeys.id));
}

export async function findUserKeyByFingerprint(db: Db, userId: string, fingerprint: string): Promise<SshKey | null> {
  const [row] = await db
    .select()
    .from(sshKeys)
    .where(and(eq(sshKeys.userId, userId), eq(sshKeys.fingerprint, fingerprint)));
  return row ?? null;
}

// FOR UPDATE also holds off new instance links (their foreign key check locks this row) until the caller commits.
export async function lockUserKey(db: Db, userId: string, keyId: string): Promise<SshKey | null> {
  const [row] = await db
    .select()
    .from(sshKeys)
    .where(and(eq(sshKeys.id, keyId), eq(sshKeys.userId, userId)))
    .for("update");
  return row ?? null;
}

// Returns null when the user already has a key with this fingerprint: the unique index decides, so races can't add it twice.
export async function insertUserKey(db: Db, values: NewSshKey): Promise<SshKey | null> {
  const [row] = await db
    .insert(sshKeys)
    .values(values)
    .onConflictDoNothing({ target: [sshKeys.userId, sshKeys.fingerprint] })
    .returning();
  return row ?? null;
}

export async function deleteUserKey(db: Db, userId: string, keyId: string): Promise<boolean> {
  const rows = await db
    .delete(sshKeys)
    .where(and(eq(sshKeys.id, keyId), eq(sshKeys.userId, userId)))
    .returning({ id: sshKeys.id });
  return rows.length > 0;
}

// The user's instances that are not terminated and use any of the user's given keys.
export async function findKeyUsage(db: Db, userId: string, keyIds: string[]): Promise<KeyUsage[]> {
  if (keyIds.length === 0) return [];
  return db
    .select({ keyId: instanceSshKeys.sshKeyId, instanceId: instances.id, instanceName: instances.name })
    .from(instanceSshKeys)
    .innerJoin(sshKeys, eq(sshKeys.id, instanceSshKeys.sshKeyId))
    .innerJoin(instances, eq(instances.id, instanceSshKeys.instanceId))
    .where(
      and(
        inArray(instanceSshKeys.sshKeyId, keyIds),
        eq(sshKeys.userId, userId),
        eq(instances.ownerId, userId),
        ne(instances.status, "terminated"),
      ),
    )
    .orderBy(asc(instances.name), asc(instances.id));
}
