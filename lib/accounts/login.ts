import { z } from "zod";
import { emailField } from "@/lib/validation";
import type { Db } from "@/db";
import { findUserByEmail } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { burnPasswordCheck, verifyPassword } from "@/lib/password";
import { hitRateLimit, LIMITS, peekRateLimit, tryAgainMessage } from "@/lib/rate-limit";

export const loginSchema = z.object({
  email: emailField,
  password: z.string().min(1, "Please enter your password.").max(200),
});

export const LOGIN_FAILED = "That email and password don't match an account.";
export const SUSPENDED = "This account is suspended. Contact support if you think this is a mistake.";

export type LoginCheck = { ok: true; user: User } | { ok: false; message: string };

// Failed attempts count against the email and the address; once over the limit even a right password waits.
export async function checkLogin(db: Db, input: z.infer<typeof loginSchema>, ip: string): Promise<LoginCheck> {
  const keys = [[`login:email:${input.email}`, LIMITS.loginPerEmail], [`login:ip:${ip}`, LIMITS.loginPerIp]] as const;
  for (const [key, limit] of keys) {
    const state = await peekRateLimit(db, key, limit);
    if (state.limited) return { ok: false, message: tryAgainMessage(state.retryAfterSeconds) };
  }
  const user = await findUserByEmail(db, input.email);
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid) {
    for (const [key, limit] of keys) await hitRateLimit(db, key, limit);
    return { ok: false, message: LOGIN_FAILED };
  }
  if (user.suspendedAt) return { ok: false, message: SUSPENDED };
  return { ok: true, user };
}
