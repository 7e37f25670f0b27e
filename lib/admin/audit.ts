import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { users } from "@/db/schema";

export { recordAudit, type AuditEntry } from "@/lib/admin/queries/record-audit";

export type Actor = { id: string; ip: string };
export const NOT_FOUND: ActionResult = { error: "Not found." };

// lib/admin re-checks the role in the database itself, so a caller that skipped staffAction still cannot act.
export async function isStaffActor(db: Db, actorId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, actorId), inArray(users.role, ["staff", "admin"])));
  return Boolean(row);
}
