import { z } from "zod";
import type { Db } from "@/db";
import { countUserKeys, findKeyUsage, findUserKeys } from "@/lib/keys/queries";
import type { SshKey } from "@/db/schema";

export type UserKey = SshKey & { instances: { id: string; name: string }[] };

// The user's keys, oldest first, each with the instances (not terminated) that use it.
export async function listUserKeys(db: Db, userId: string): Promise<UserKey[]> {
  const keys = await findUserKeys(db, userId);
  const usage = await findKeyUsage(db, userId, keys.map((k) => k.id));
  return keys.map((key) => ({
    ...key,
    instances: usage.filter((u) => u.keyId === key.id).map((u) => ({ id: u.instanceId, name: u.instanceName })),
  }));
}

const uuid = z.uuid();

// True when every one of keyIds is a key of this user; an id that isn't a UUID can't be, and isn't sent to the database.
export async function userOwnsKeys(db: Db, userId: string, keyIds: readonly string[]): Promise<boolean> {
  const ids = [...new Set(keyIds)];
  if (!ids.every((id) => uuid.safeParse(id).success)) return false;
  if (ids.length === 0) return true;
  return (await countUserKeys(db, userId, ids)) === ids.length;
}
