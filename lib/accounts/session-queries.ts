import { and, desc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { users, userSessions } from "@/db/schema";

// Matches the JWT's lifetime: a session unseen for longer has expired with its cookie.
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// Last seen is a guide for the user, not an audit trail: one write a minute per session is enough.
const LAST_SEEN_EVERY = sql`interval '1 minute'`;

const live = and(
  isNull(userSessions.endedAt),
  eq(userSessions.sessionVersion, users.sessionVersion),
  gt(userSessions.lastSeenAt, sql`now() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`),
);

export async function startUserSession(db: Db, p: { userId: string; ip: string | null; userAgent: string | null }) {
  const [row] = await db
    .insert(userSessions)
    .values({
      userId: p.userId,
      sessionVersion: sql`(select ${users.sessionVersion} from ${users} where ${users.id} = ${p.userId})`,
      ip: p.ip,
      userAgent: p.userAgent?.slice(0, 500) ?? null,
    })
    .returning({ id: userSessions.id });
  return row!.id;
}

// What the session check reads on every request: the user, if this session of theirs is still live.
export async function liveSessionUser(db: Db, p: { userId: string; sessionId: string }) {
  const [row] = await db
    .select({
      name: users.name,
      email: users.email,
      role: users.role,
      emailVerified: users.emailVerified,
      suspendedAt: users.suspendedAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, p.sessionId), eq(userSessions.userId, p.userId), live));
  return row ?? null;
}

export async function touchUserSession(db: Db, sessionId: string) {
  await db
    .update(userSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(userSessions.id, sessionId), lt(userSessions.lastSeenAt, sql`now() - ${LAST_SEEN_EVERY}`)));
}

export async function listLiveSessions(db: Db, userId: string) {
  return db
    .select({
      id: userSessions.id,
      ip: userSessions.ip,
      userAgent: userSessions.userAgent,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.userId, userId), live))
    .orderBy(desc(userSessions.lastSeenAt));
}

export async function endUserSession(db: Db, p: { userId: string; sessionId: string }) {
  const rows = await db
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.id, p.sessionId), eq(userSessions.userId, p.userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return rows.length > 0;
}

export async function endOtherUserSessions(db: Db, p: { userId: string; keepSessionId: string }) {
  const rows = await db
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.userId, p.userId), ne(userSessions.id, p.keepSessionId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return rows.length;
}
