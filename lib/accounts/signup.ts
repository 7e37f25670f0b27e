import { z } from "zod";
import { emailField } from "@/lib/validation";
import type { Db } from "@/db";
import { findUserByEmail, insertPasswordUser } from "@/lib/accounts/queries";
import { sendEmail } from "@/lib/mail";
import { hashPassword, passwordProblem } from "@/lib/password";
import { hitRateLimit, LIMITS, tryAgainMessage } from "@/lib/rate-limit";
import { issueUserToken } from "@/lib/tokens";
import { appUrl } from "@/lib/urls";

export const signupSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Please enter your name.")
    .max(100, "Please use at most 100 characters for your name."),
  email: emailField,
  password: z.string().min(1, "Please choose a password."),
});

export type SignupResult = { error: string } | { ok: true; email: string };

// Answers the same whether or not the email already has an account; the mailbox gets the difference.
export async function signUp(db: Db, input: z.infer<typeof signupSchema>, ip: string): Promise<SignupResult> {
  const problem = passwordProblem(input.password, input);
  if (problem) return { error: problem };
  for (const [key, limit] of [
    [`signup:ip:${ip}`, LIMITS.signupPerIp],
    [`signup:email:${input.email}`, LIMITS.signupPerEmail],
  ] as const) {
    const state = await hitRateLimit(db, key, limit);
    if (state.limited) return { error: tryAgainMessage(state.retryAfterSeconds) };
  }
  const user = await insertPasswordUser(db, { ...input, passwordHash: await hashPassword(input.password) });
  if (!user) {
    const existing = await findUserByEmail(db, input.email);
    await sendEmail(db, {
      to: input.email,
      template: "account-exists",
      userId: existing?.id,
      props: { loginUrl: appUrl("/login"), resetUrl: appUrl("/forgot-password") },
    });
    return { ok: true, email: input.email };
  }
  await sendVerificationEmail(db, user);
  return { ok: true, email: input.email };
}

export async function sendVerificationEmail(db: Db, user: { id: string; email: string; name: string | null }) {
  const token = await issueUserToken(db, { userId: user.id, purpose: "verify_email", email: user.email });
  await sendEmail(db, {
    to: user.email,
    template: "verify-email",
    userId: user.id,
    props: { name: user.name ?? "there", verifyUrl: appUrl(`/verify-email?token=${token}`) },
  });
}

export async function resendVerification(
  db: Db,
  user: { id: string; email: string; name: string | null; emailVerified: Date | null },
) {
  if (user.emailVerified) return { error: "Your email is already confirmed." };
  const state = await hitRateLimit(db, `verify:user:${user.id}`, LIMITS.verifyResendPerUser);
  if (state.limited) return { error: tryAgainMessage(state.retryAfterSeconds) };
  await sendVerificationEmail(db, user);
  return { success: `We sent a new confirmation link to ${user.email}.` };
}
