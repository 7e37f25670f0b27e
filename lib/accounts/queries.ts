import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { users, type User } from "@/db/schema";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return row ?? null;
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

// Returns null when the email is taken (the unique index decides, so concurrent sign-ups can't both win).
export async function insertPasswordUser(
  db: Db,
  p: { name: string; email: string; passwordHash: string; role?: User["role"]; verified?: boolean },
): Promise<User | null> {
  const [row] = await db
    .insert(users)
    .values({
      name: p.name,
      email: normalizeEmail(p.email),
      passwordHash: p.passwordHash,
      role: p.role ?? "customer",
      emailVerified: p.verified ? new Date() : null,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row ?? null;
}

// Ends every session of the user; returns the new version so the current session can be carried over.
export async function setPasswordAndEndSessions(
  db: Db,
  p: { userId: string; passwordHash: string; verifyEmail?: boolean },
) {
  const [row] = await db
    .update(users)
    .set({
      passwordHash: p.passwordHash,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      ...(p.verifyEmail ? { emailVerified: sql`coalesce(${users.emailVerified}, now())` } : {}),
    })
    .where(eq(users.id, p.userId))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion ?? null;
}

// What the session check reads on every request.
export async function sessionUser(db: Db, id: string) {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      emailVerified: users.emailVerified,
      suspendedAt: users.suspendedAt,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}
