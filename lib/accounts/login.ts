import { z } from "zod";
import { emailField } from "@/lib/validation";
import type { Db } from "@/db";
import { findUserByEmail } from "@/lib/accounts/queries";
import type { User } from "@/db/schema";
import { burnPasswordCheck, PASSWORD_MAX, verifyPassword } from "@/lib/password";
import { attemptPassword } from "./password-attempts";

export const loginSchema = z.object({
  email: emailField,
  password: z
    .string()
    .min(1, "Please enter your password.")
    .max(PASSWORD_MAX, `That password is too long: Berth passwords have at most ${PASSWORD_MAX} characters.`),
});

export const LOGIN_FAILED = "That email and password don't match an account.";
export const SUSPENDED = "This account is suspended. Contact support if you think this is a mistake.";

export type LoginCheck = { ok: true; user: User } | { ok: false; message: string };

export async function checkLogin(db: Db, input: z.infer<typeof loginSchema>, ip: string): Promise<LoginCheck> {
  const user = await findUserByEmail(db, input.email);
  const attempt = await attemptPassword(db, { kind: "login", subject: input.email, ip }, async () =>
    user ? verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false),
  );
  if (!attempt.ok || !user) return { ok: false, message: (!attempt.ok && attempt.refused) || LOGIN_FAILED };
  if (user.suspendedAt) return { ok: false, message: SUSPENDED };
  return { ok: true, user };
}
