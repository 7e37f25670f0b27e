import { and, desc, eq, gt, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import {
  backups,
  hosts,
  instances,
  instanceSshKeys,
  plans,
  sshKeys,
  sshSessions,
  stacks,
  users,
  type InstanceStatus,
} from "@/db/schema";
import { after, cursorAt, toPage, type Cursor } from "@/lib/admin/keyset";

export function listOwnedInstances(db: Db, ownerId: string) {
  return db
    .select({ instance: instances, plan: plans, stack: stacks })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .where(and(eq(instances.ownerId, ownerId), ne(instances.status, "terminated")))
    .orderBy(desc(instances.createdAt));
}

// The owner's terminated instances, newest first, each with its final backup while that can still be downloaded.
export function listTerminatedInstances(db: Db, ownerId: string, limit = 20) {
  return db
    .select({
      instance: { id: instances.id, name: instances.name, terminatedAt: instances.terminatedAt },
      backup: { id: backups.id, expiresAt: backups.expiresAt, sizeBytes: backups.sizeBytes },
    })
    .from(instances)
    .leftJoin(
      backups,
      and(
        eq(backups.instanceId, instances.id),
        eq(backups.kind, "final"),
        eq(backups.status, "completed"),
        or(isNull(backups.expiresAt), gt(backups.expiresAt, new Date())),
      ),
    )
    .where(and(eq(instances.ownerId, ownerId), eq(instances.status, "terminated")))
    .orderBy(desc(instances.terminatedAt))
    .limit(limit);
}

export function instanceKeys(db: Db, instanceId: string) {
  return db
    .select({
      id: sshKeys.id,
      name: sshKeys.name,
      fingerprint: sshKeys.fingerprint,
      type: sshKeys.type,
      bits: sshKeys.bits,
    })
    .from(instanceSshKeys)
    .innerJoin(sshKeys, eq(sshKeys.id, instanceSshKeys.sshKeyId))
    .where(eq(instanceSshKeys.instanceId, instanceId))
    .orderBy(sshKeys.name);
}

export function ownerKeys(db: Db, userId: string) {
  return db
    .select({ id: sshKeys.id, name: sshKeys.name, fingerprint: sshKeys.fingerprint, type: sshKeys.type })
    .from(sshKeys)
    .where(eq(sshKeys.userId, userId))
    .orderBy(sshKeys.name);
}

export function accessHistory(db: Db, instanceId: string, limit = 20) {
  return db
    .select({ session: sshSessions, email: sql<string | null>`coalesce(${sshSessions.userEmail}, ${users.email})` })
    .from(sshSessions)
    .leftJoin(users, eq(users.id, sshSessions.userId))
    .where(eq(sshSessions.instanceId, instanceId))
    .orderBy(desc(sshSessions.startedAt))
    .limit(limit);
}

type InstancePage = { status?: InstanceStatus; cursor: Cursor | null; limit: number };

async function pageInstances(db: Db, scope: SQL | undefined, p: InstancePage) {
  const rows = await db
    .select({
      instance: instances,
      plan: plans,
      stack: stacks,
      host: hosts,
      id: instances.id,
      cursorAt: cursorAt(instances.createdAt),
    })
    .from(instances)
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(
      and(
        scope,
        p.status ? eq(instances.status, p.status) : ne(instances.status, "terminated"),
        after(instances.createdAt, instances.id, p.cursor),
      ),
    )
    .orderBy(desc(instances.createdAt), desc(instances.id))
    .limit(p.limit + 1);
  return toPage(rows, p.limit);
}

// Keyset pages, newest first; terminated instances only when asked for by status.
export const pageOwnedInstances = (db: Db, ownerId: string, p: InstancePage) =>
  pageInstances(db, eq(instances.ownerId, ownerId), p);

// Staff only: every owner's.
export const pageAllInstances = (db: Db, p: InstancePage & { ownerId?: string }) =>
  pageInstances(db, p.ownerId ? eq(instances.ownerId, p.ownerId) : undefined, p);
