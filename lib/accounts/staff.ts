import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { findUserByEmail, insertPasswordUser, normalizeEmail } from "@/lib/accounts/queries";
import { users, type User } from "@/db/schema";
import { hashPassword } from "@/lib/password";

// Makes `email` a staff member (or admin): promotes an existing account, or creates one with a generated password.
export async function ensureStaffAccount(
  db: Db,
  p: { email: string; role: Exclude<User["role"], "customer">; name?: string },
) {
  const email = normalizeEmail(p.email);
  const existing = await findUserByEmail(db, email);
  if (existing) {
    if (existing.role !== p.role && existing.role !== "admin")
      await db.update(users).set({ role: p.role }).where(eq(users.id, existing.id));
    return { user: { ...existing, role: existing.role === "admin" ? "admin" : p.role }, password: null };
  }
  const password = randomBytes(12).toString("base64url");
  const user = await insertPasswordUser(db, {
    name: p.name ?? (p.role === "admin" ? "Administrator" : "Staff"),
    email,
    role: p.role,
    verified: true,
    passwordHash: await hashPassword(password),
  });
  if (!user) throw new Error(`Could not create ${email}: it was created at the same moment elsewhere.`);
  return { user, password };
}
