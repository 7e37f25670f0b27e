import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimits } from "@/db/schema";

export type Limit = { limit: number; windowSeconds: number };

export const LIMITS = {
  loginPerEmail: { limit: 5, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 30, windowSeconds: 15 * 60 },
  signupPerIp: { limit: 10, windowSeconds: 60 * 60 },
  signupPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 10, windowSeconds: 60 * 60 },
  verifyResendPerUser: { limit: 5, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

export type RateState = { limited: boolean; retryAfterSeconds: number };

// Counts one attempt against `key` in a fixed window, atomically, and says whether it went over the limit.
export async function hitRateLimit(db: Db, key: string, l: Limit): Promise<RateState> {
  const [row] = await db.insert(rateLimits).values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= now() - make_interval(secs => ${l.windowSeconds}) then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= now() - make_interval(secs => ${l.windowSeconds}) then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, retry: sql<number>`ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${l.windowSeconds}) - now())))::int` });
  return { limited: row!.count > l.limit, retryAfterSeconds: Math.max(1, row!.retry) };
}

// Reads the state of `key` without counting an attempt.
export async function peekRateLimit(db: Db, key: string, l: Limit): Promise<RateState> {
  const rows = await db.execute<{ count: number; retry: number }>(sql`
    select count, ceil(extract(epoch from (window_start + make_interval(secs => ${l.windowSeconds}) - now())))::int as retry
    from ${rateLimits} where key = ${key} and window_start > now() - make_interval(secs => ${l.windowSeconds})`);
  const row = rows[0];
  if (!row) return { limited: false, retryAfterSeconds: 0 };
  return { limited: row.count >= l.limit, retryAfterSeconds: Math.max(1, row.retry) };
}

export function tryAgainMessage(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
