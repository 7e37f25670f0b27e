import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import {
  backups,
  fleetDrift,
  hosts,
  instanceEvents,
  instances,
  plans,
  sshSessions,
  stacks,
  users,
  type InstanceStatus,
} from "@/db/schema";
import { after, cursorAt, PAGE_SIZE, toPage, type Cursor } from "@/lib/admin/keyset";

export type InstanceFilter = { status?: InstanceStatus; hostId?: string; planId?: string; ownerEmail?: string };

// Every instance, newest first. The owner filter is an exact email, so it resolves through users_email_key.
export async function listInstances(db: Db, p: InstanceFilter & { cursor: Cursor | null; limit?: number }) {
  const limit = p.limit ?? PAGE_SIZE;
  const owner = p.ownerEmail
    ? sql`${instances.ownerId} = (select ${users.id} from ${users} where ${users.email} = ${p.ownerEmail.trim().toLowerCase()})`
    : undefined;
  const rows = await db
    .select({
      id: instances.id,
      name: instances.name,
      slug: instances.slug,
      status: instances.status,
      isTrial: instances.isTrial,
      ownerId: instances.ownerId,
      ownerEmail: users.email,
      plan: plans.name,
      host: hosts.name,
      hostStatus: hosts.status,
      createdAt: instances.createdAt,
      cursorAt: cursorAt(instances.createdAt),
    })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .innerJoin(plans, eq(plans.id, instances.planId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(
      and(
        p.status ? eq(instances.status, p.status) : undefined,
        p.hostId ? eq(instances.hostId, p.hostId) : undefined,
        p.planId ? eq(instances.planId, p.planId) : undefined,
        owner,
        after(instances.createdAt, instances.id, p.cursor),
      ),
    )
    .orderBy(desc(instances.createdAt), desc(instances.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

// Whose instance this is (staff read any instance's usage through its owner's scoped queries).
export async function instanceOwnerId(db: Db, instanceId: string) {
  const [row] = await db.select({ ownerId: instances.ownerId }).from(instances).where(eq(instances.id, instanceId));
  return row?.ownerId ?? null;
}

export async function instanceDetail(db: Db, instanceId: string) {
  const [row] = await db
    .select({
      instance: instances,
      owner: { id: users.id, email: users.email, suspendedAt: users.suspendedAt },
      plan: plans,
      stack: stacks,
      host: hosts,
    })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .innerJoin(plans, eq(plans.id, instances.planId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(eq(instances.id, instanceId));
  if (!row) return null;
  const [events, sessions, saved, drift] = await Promise.all([
    db
      .select({
        id: instanceEvents.id,
        type: instanceEvents.type,
        message: instanceEvents.message,
        actor: users.email,
        createdAt: instanceEvents.createdAt,
      })
      .from(instanceEvents)
      .leftJoin(users, eq(users.id, instanceEvents.actorId))
      .where(eq(instanceEvents.instanceId, instanceId))
      .orderBy(desc(instanceEvents.createdAt))
      .limit(200),
    db
      .select({
        id: sshSessions.id,
        user: users.email,
        keyFingerprint: sshSessions.keyFingerprint,
        remoteAddress: sshSessions.remoteAddress,
        command: sshSessions.command,
        startedAt: sshSessions.startedAt,
        endedAt: sshSessions.endedAt,
        exitCode: sshSessions.exitCode,
      })
      .from(sshSessions)
      .leftJoin(users, eq(users.id, sshSessions.userId))
      .where(eq(sshSessions.instanceId, instanceId))
      .orderBy(desc(sshSessions.startedAt))
      .limit(100),
    db.select().from(backups).where(eq(backups.instanceId, instanceId)).orderBy(desc(backups.createdAt)).limit(50),
    db
      .select()
      .from(fleetDrift)
      .where(eq(fleetDrift.instanceId, instanceId))
      .orderBy(desc(fleetDrift.detectedAt))
      .limit(50),
  ]);
  return { ...row, events, sessions, backups: saved, drift };
}

export const filterOptions = (db: Db) =>
  Promise.all([
    db.select({ id: hosts.id, name: hosts.name }).from(hosts).orderBy(hosts.name),
    db.select({ id: plans.id, name: plans.name }).from(plans).orderBy(plans.sortOrder, plans.name),
  ]);
