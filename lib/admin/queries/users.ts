import { and, desc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, instances, invoices, plans, sshKeys, subscriptions, tickets, users } from "@/db/schema";
import { after, cursorAt, escapeLike, PAGE_SIZE, toPage, type Cursor } from "@/lib/admin/keyset";

// Newest first; the search is a case-insensitive substring of the email or the name.
export async function listUsers(db: Db, p: { q?: string; cursor: Cursor | null; limit?: number }) {
  const limit = p.limit ?? PAGE_SIZE;
  const q = p.q?.trim();
  const match = q ? or(ilike(users.email, `%${escapeLike(q)}%`), ilike(users.name, `%${escapeLike(q)}%`)) : undefined;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      suspendedAt: users.suspendedAt,
      emailVerified: users.emailVerified,
      createdAt: users.createdAt,
      cursorAt: cursorAt(users.createdAt),
    })
    .from(users)
    .where(and(match, after(users.createdAt, users.id, p.cursor)))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}

export async function userDetail(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const [owned, subs, bills, support, keys, audit] = await Promise.all([
    db
      .select({
        id: instances.id,
        name: instances.name,
        status: instances.status,
        isTrial: instances.isTrial,
        plan: plans.name,
        createdAt: instances.createdAt,
      })
      .from(instances)
      .innerJoin(plans, eq(plans.id, instances.planId))
      .where(eq(instances.ownerId, userId))
      .orderBy(desc(instances.createdAt))
      .limit(100),
    db
      .select({
        id: subscriptions.id,
        stripeId: subscriptions.stripeSubscriptionId,
        status: subscriptions.status,
        plan: plans.name,
        instanceId: subscriptions.instanceId,
        currentPeriodEnd: subscriptions.currentPeriodEnd,
      })
      .from(subscriptions)
      .leftJoin(plans, eq(plans.id, subscriptions.planId))
      .where(eq(subscriptions.userId, userId))
      .orderBy(desc(subscriptions.createdAt))
      .limit(100),
    db.select().from(invoices).where(eq(invoices.userId, userId)).orderBy(desc(invoices.stripeCreatedAt)).limit(50),
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        lastMessageAt: tickets.lastMessageAt,
      })
      .from(tickets)
      .where(eq(tickets.customerId, userId))
      .orderBy(desc(tickets.lastMessageAt))
      .limit(50),
    db
      .select({
        id: sshKeys.id,
        name: sshKeys.name,
        fingerprint: sshKeys.fingerprint,
        type: sshKeys.type,
        createdAt: sshKeys.createdAt,
      })
      .from(sshKeys)
      .where(eq(sshKeys.userId, userId))
      .orderBy(desc(sshKeys.createdAt)),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        actor: users.email,
        ip: auditLog.ip,
        details: auditLog.details,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, userId)))
      .orderBy(desc(auditLog.createdAt))
      .limit(50),
  ]);
  return { user, instances: owned, subscriptions: subs, invoices: bills, tickets: support, sshKeys: keys, audit };
}
