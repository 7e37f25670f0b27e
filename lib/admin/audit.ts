import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, users } from "@/db/schema";

export type AuditEntry = {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string;
  details?: Record<string, unknown>;
};

// The one place staff actions are recorded: who, what, which record and from where (the row's time is when).
export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}

export type Actor = { id: string; ip: string };
export type AdminResult = { error: string } | { success: string };
export const NOT_FOUND: AdminResult = { error: "Not found." };

// lib/admin re-checks the role in the database itself, so a caller that skipped staffAction still cannot act.
export async function isStaffActor(db: Db, actorId: string) {
  const [row] = await db.select({ id: users.id }).from(users)
    .where(and(eq(users.id, actorId), inArray(users.role, ["staff", "admin"])));
  return Boolean(row);
}
