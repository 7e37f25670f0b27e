import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";

export async function userCounts(db: Db) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      verified: sql<number>`count(*) filter (where ${users.emailVerified} is not null)::int`,
      staff: sql<number>`count(*) filter (where ${users.role} <> 'customer')::int`,
      suspended: sql<number>`count(*) filter (where ${users.suspendedAt} is not null)::int`,
      lastWeek: sql<number>`count(*) filter (where ${users.createdAt} > now() - interval '7 days')::int`,
    })
    .from(users);
  return row!;
}

export function recentSignups(db: Db, limit = 10) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      emailVerified: users.emailVerified,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(desc(users.createdAt))
    .limit(limit);
}
