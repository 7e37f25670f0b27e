import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimits } from "@/db/schema";

export type Limit = { limit: number; windowSeconds: number };

export const LIMITS = {
  loginPerEmail: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 30, windowSeconds: 15 * 60 },
  currentPasswordPerUser: { limit: 10, windowSeconds: 15 * 60 },
  emailChangePerUser: { limit: 5, windowSeconds: 60 * 60 },
  emailChangePerAddress: { limit: 3, windowSeconds: 60 * 60 },
  signupPerIp: { limit: 10, windowSeconds: 60 * 60 },
  signupPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerIp: { limit: 10, windowSeconds: 60 * 60 },
  verifyResendPerUser: { limit: 5, windowSeconds: 60 * 60 },
  apiPerToken: { limit: 300, windowSeconds: 60 },
} satisfies Record<string, Limit>;

export type RateState = { limited: boolean; retryAfterSeconds: number; remaining: number };

// Counts one attempt against `key` in a fixed window, atomically, and says whether it went over the limit.
export async function hitRateLimit(db: Db, key: string, l: Limit): Promise<RateState> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= now() - make_interval(secs => ${l.windowSeconds}) then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= now() - make_interval(secs => ${l.windowSeconds}) then now() else ${rateLimits.windowStart} end`,
      },
    })
    .returning({
      count: rateLimits.count,
      retry: sql<number>`ceil(extract(epoch from (${rateLimits.windowStart} + make_interval(secs => ${l.windowSeconds}) - now())))::int`,
    });
  return {
    limited: row!.count > l.limit,
    retryAfterSeconds: Math.max(1, row!.retry),
    remaining: Math.max(0, l.limit - row!.count),
  };
}

// Reads the state of `key` without counting an attempt.
export async function peekRateLimit(db: Db, key: string, l: Limit): Promise<RateState> {
  const rows = await db.execute<{ count: number; retry: number }>(sql`
    select count, ceil(extract(epoch from (window_start + make_interval(secs => ${l.windowSeconds}) - now())))::int as retry
    from ${rateLimits} where key = ${key} and window_start > now() - make_interval(secs => ${l.windowSeconds})`);
  const row = rows[0];
  if (!row) return { limited: false, retryAfterSeconds: 0, remaining: l.limit };
  return {
    limited: row.count >= l.limit,
    retryAfterSeconds: Math.max(1, row.retry),
    remaining: Math.max(0, l.limit - row.count),
  };
}

// Failures in a row: the first few are free, then each doubles the wait before the next try, up to a cap.
export type Backoff = { freeFailures: number; maxDelaySeconds: number; forgetAfterSeconds: number };
export const LOGIN_BACKOFF: Backoff = { freeFailures: 3, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 };

export const backoffDelay = (failures: number, b: Backoff) =>
  failures < b.freeFailures ? 0 : Math.min(b.maxDelaySeconds, 2 ** (failures - b.freeFailures + 1));

// A backoff row's window restarts at every attempt: `count` is the attempts in a row that have not succeeded
// (a success clears the row), `windowStart` the last one. Claimed atomically, so parallel guesses queue too.
export async function claimBackoff(
  db: Db,
  key: string,
  b: Backoff,
): Promise<{ allowed: boolean; count: number; retryAfterSeconds: number }> {
  const stale = sql`${rateLimits.windowStart} <= now() - make_interval(secs => ${b.forgetAfterSeconds})`;
  const delay = sql`case when ${rateLimits.count} < ${b.freeFailures} then 0 else least(${b.maxDelaySeconds}, power(2, ${rateLimits.count} - ${b.freeFailures} + 1)) end`;
  const claimed = await db
    .insert(rateLimits)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { count: sql`case when ${stale} then 1 else ${rateLimits.count} + 1 end`, windowStart: sql`now()` },
      setWhere: sql`${stale} or ${rateLimits.windowStart} <= now() - make_interval(secs => ${delay})`,
    })
    .returning({ count: rateLimits.count });
  if (claimed[0]) return { allowed: true, count: claimed[0].count, retryAfterSeconds: 0 };
  const state = await peekBackoff(db, key, b);
  return { allowed: false, count: state.failures, retryAfterSeconds: Math.max(1, state.retryAfterSeconds) };
}

export async function peekBackoff(
  db: Db,
  key: string,
  b: Backoff,
): Promise<{ failures: number; retryAfterSeconds: number }> {
  const rows = await db.execute<{ count: number; elapsed: number }>(sql`
    select count, extract(epoch from now() - window_start)::float8 as elapsed
    from ${rateLimits} where key = ${key} and window_start > now() - make_interval(secs => ${b.forgetAfterSeconds})`);
  const row = rows[0];
  if (!row) return { failures: 0, retryAfterSeconds: 0 };
  return { failures: row.count, retryAfterSeconds: Math.max(0, Math.ceil(backoffDelay(row.count, b) - row.elapsed)) };
}

export async function clearRateLimit(db: Db, key: string) {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export function tryAgainMessage(seconds: number) {
  if (seconds < 60) return `Too many attempts. Please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
