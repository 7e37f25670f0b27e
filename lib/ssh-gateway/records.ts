import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, instanceSshKeys, sshKeys, sshSessions, users } from "@/db/schema";
import type { AccessFacts } from "./access";

// Read fresh for every login and again before every session, so a suspension takes effect at once. One query:
// the instance, its owner's standing, its host, and the attached ssh_keys rows with this fingerprint (any owner).
export async function loadAccessFacts(
  db: Db,
  slug: string,
  fingerprint: string,
  probeFingerprint: string,
): Promise<AccessFacts> {
  const [row] = await db
    .select({
      id: instances.id,
      ownerId: instances.ownerId,
      ownerSuspendedAt: users.suspendedAt,
      status: instances.status,
      suspendedByStaff: instances.suspendedByStaff,
      suspensionReason: instances.suspensionReason,
      containerId: instances.containerId,
      endpoint: hosts.endpoint,
      attachedKeys: sql<{ id: string; userId: string }[]>`(
        select coalesce(json_agg(json_build_object('id', k.id, 'userId', k.user_id)), '[]'::json)
        from ${instanceSshKeys} ik join ${sshKeys} k on k.id = ik.ssh_key_id
        where ik.instance_id = ${instances.id} and k.fingerprint = ${fingerprint})`,
    })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(eq(instances.slug, slug));
  if (!row) return { fingerprint, probeFingerprint, instance: null, attachedKeys: [] };
  const { ownerSuspendedAt, attachedKeys, ...instance } = row;
  return {
    fingerprint,
    probeFingerprint,
    instance: { ...instance, ownerSuspended: ownerSuspendedAt !== null },
    attachedKeys,
  };
}

export async function touchKey(db: Db, keyId: string) {
  await db.update(sshKeys).set({ lastUsedAt: new Date() }).where(eq(sshKeys.id, keyId));
}

export type SessionStart = {
  instanceId: string;
  userId: string;
  keyFingerprint: string;
  remoteAddress: string | null;
  command: string | null;
};

export async function recordSessionStart(db: Db, s: SessionStart): Promise<string> {
  const [row] = await db
    .insert(sshSessions)
    .values({ ...s, userEmail: sql`(select ${users.email} from ${users} where ${users.id} = ${s.userId})` })
    .returning({ id: sshSessions.id });
  if (!row) throw new Error("ssh_sessions insert returned no row");
  return row.id;
}

export async function recordSessionEnd(db: Db, id: string, exitCode: number | null) {
  await db.update(sshSessions).set({ endedAt: new Date(), exitCode }).where(eq(sshSessions.id, id));
}
