import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { after, cursorAt, PAGE_SIZE, toPage, type Cursor } from "@/lib/admin/keyset";

export type AuditFilter = { actorEmail?: string; action?: string; from?: Date; to?: Date };

// Newest first; `to` is exclusive, so a date range of whole days is [from, to + 1 day).
export async function listAudit(db: Db, p: AuditFilter & { cursor: Cursor | null; limit?: number }) {
  const limit = p.limit ?? PAGE_SIZE;
  const actor = p.actorEmail
    ? sql`${auditLog.actorId} = (select ${users.id} from ${users} where ${users.email} = ${p.actorEmail.trim().toLowerCase()})`
    : undefined;
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      details: auditLog.details,
      actorEmail: users.email,
      createdAt: auditLog.createdAt,
      cursorAt: cursorAt(auditLog.createdAt),
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        actor,
        p.action ? eq(auditLog.action, p.action) : undefined,
        p.from ? gte(auditLog.createdAt, p.from) : undefined,
        p.to ? lt(auditLog.createdAt, p.to) : undefined,
        after(auditLog.createdAt, auditLog.id, p.cursor),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}
