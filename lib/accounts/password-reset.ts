import { z } from "zod";
import { emailField } from "@/lib/validation";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { findUserByEmail, findUserById, setPasswordAndEndSessions } from "@/lib/accounts/queries";
import { sendEmail } from "@/lib/mail";
import { hashPassword, passwordProblem } from "@/lib/password";
import { hitRateLimit, LIMITS, tryAgainMessage } from "@/lib/rate-limit";
import { consumeUserToken, findUserToken, issueUserToken, TOKEN_MESSAGES } from "@/lib/tokens";
import { appUrl } from "@/lib/urls";

export const forgotPasswordSchema = z.object({
  email: emailField,
});

export const RESET_SENT =
  "If that email has a Berth account, we sent it a link to choose a new password. It expires in 1 hour.";

// The same answer whether or not the account exists; suspended accounts get no link.
export async function requestPasswordReset(db: Db, email: string, ip: string): Promise<ActionResult> {
  for (const [key, limit] of [
    [`reset:ip:${ip}`, LIMITS.resetPerIp],
    [`reset:email:${email}`, LIMITS.resetPerEmail],
  ] as const) {
    const state = await hitRateLimit(db, key, limit);
    if (state.limited) return { error: tryAgainMessage(state.retryAfterSeconds) };
  }
  const user = await findUserByEmail(db, email);
  if (user && !user.suspendedAt) await sendResetEmail(db, user);
  return { success: RESET_SENT };
}

export async function sendResetEmail(db: Db, user: { id: string; email: string; name: string | null }) {
  const token = await issueUserToken(db, { userId: user.id, purpose: "reset_password", email: user.email });
  await sendEmail(db, {
    to: user.email,
    template: "reset-password",
    userId: user.id,
    props: { name: user.name ?? "there", resetUrl: appUrl(`/reset-password?token=${token}`) },
  });
}

export async function checkResetToken(db: Db, token: string) {
  const check = await findUserToken(db, { token, purpose: "reset_password" });
  return check.ok ? null : TOKEN_MESSAGES[check.reason];
}

export async function resetPassword(
  db: Db,
  p: { token: string; password: string },
): Promise<{ error: string } | { ok: true }> {
  const pending = await findUserToken(db, { token: p.token, purpose: "reset_password" });
  if (!pending.ok) return { error: TOKEN_MESSAGES[pending.reason] };
  const user = await findUserById(db, pending.token.userId);
  if (!user) return { error: TOKEN_MESSAGES.invalid };
  const problem = passwordProblem(p.password, user);
  if (problem) return { error: problem };
  const passwordHash = await hashPassword(p.password);
  const check = await consumeUserToken(db, { token: p.token, purpose: "reset_password" });
  if (!check.ok) return { error: TOKEN_MESSAGES[check.reason] };
  // The link proved the mailbox is theirs, so the email counts as confirmed too.
  await setPasswordAndEndSessions(db, { userId: user.id, passwordHash, verifyEmail: user.email === check.token.email });
  await sendEmail(db, {
    to: user.email,
    template: "password-changed",
    userId: user.id,
    props: { name: user.name ?? "there" },
  });
  return { ok: true };
}
