import type { Db } from "@/db";
import { auditLog } from "@/db/schema";

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
