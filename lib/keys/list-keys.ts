import type { Db } from "@/db";
import { findKeyUsage, findUserKeys } from "@/lib/keys/queries";
import type { SshKey } from "@/db/schema";

export type UserKey = SshKey & { instances: { id: string; name: string }[] };

// The user's keys, oldest first, each with the instances (not terminated) that use it.
export async function listUserKeys(db: Db, userId: string): Promise<UserKey[]> {
  const keys = await findUserKeys(db, userId);
  const usage = await findKeyUsage(
    db,
    userId,
    keys.map((k) => k.id),
  );
  return keys.map((key) => ({
    ...key,
    instances: usage.filter((u) => u.keyId === key.id).map((u) => ({ id: u.instanceId, name: u.instanceName })),
  }));
}
