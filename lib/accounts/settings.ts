import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { emailField } from "@/lib/validation";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { findUserById, normalizeEmail, setPasswordAndEndSessions } from "@/lib/accounts/queries";
import { users } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { updateStripeCustomer } from "@/jobs/contracts";
import { closeAccount } from "@/lib/accounts/close-account";
import { sendEmail } from "@/lib/mail";
import { hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from "@/lib/password";
import { hitRateLimit, LIMITS, tryAgainMessage } from "@/lib/rate-limit";
import { issueUserToken } from "@/lib/tokens";
import { appUrl } from "@/lib/urls";
import { attemptPassword } from "./password-attempts";

export const nameSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Please enter your name.")
    .max(100, "Please use at most 100 characters for your name."),
});
const CURRENT_TOO_LONG = `That is longer than any Berth password (at most ${PASSWORD_MAX} characters).`;
export const emailChangeSchema = z.object({
  email: emailField,
  password: z.string().max(PASSWORD_MAX, CURRENT_TOO_LONG).default(""),
});
export const passwordChangeSchema = z.object({
  currentPassword: z.string().max(PASSWORD_MAX, CURRENT_TOO_LONG).default(""),
  newPassword: z.string().min(1, "Please choose a new password."),
});
export const deleteAccountSchema = z.object({ confirmEmail: z.string().trim().transform(normalizeEmail) });

const WRONG_CURRENT = "Your current password is not right.";

// Wrong guesses here are slowed down like those at the login form: a stolen session must not become a way to test passwords.
async function currentPasswordRefusal(
  db: Db,
  user: { id: string; passwordHash: string | null },
  password: string,
  ip: string,
) {
  if (!user.passwordHash) return null;
  const attempt = await attemptPassword(db, { kind: "current-password", subject: user.id, ip }, () =>
    verifyPassword(user.passwordHash, password),
  );
  return attempt.ok ? null : (attempt.refused ?? WRONG_CURRENT);
}

export async function renameUser(db: Db, userId: string, name: string): Promise<ActionResult> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
  await enqueue(updateStripeCustomer, { userId }, { idempotencyKey: `customer-name:${userId}:${Date.now()}` });
  return { success: "Your name was saved." };
}

// The new address must be confirmed from its own mailbox before it replaces the old one.
export async function requestEmailChange(
  db: Db,
  userId: string,
  input: z.infer<typeof emailChangeSchema>,
  ip: string,
): Promise<ActionResult> {
  const user = await findUserById(db, userId);
  if (!user) return { error: "Please sign in again." };
  const refused = await currentPasswordRefusal(db, user, input.password, ip);
  if (refused) return { error: refused };
  if (input.email === user.email) return { error: "That is already your email." };
  // Each confirmation mails an address the account does not own yet: neither this account nor a stranger's mailbox gets a flood.
  for (const [key, limit] of [
    [`email-change:user:${userId}`, LIMITS.emailChangePerUser],
    [`email-change:to:${input.email}`, LIMITS.emailChangePerAddress],
  ] as const) {
    const state = await hitRateLimit(db, key, limit);
    if (state.limited) return { error: tryAgainMessage(state.retryAfterSeconds) };
  }
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, input.email), ne(users.id, userId)));
  if (!taken) {
    const token = await issueUserToken(db, { userId, purpose: "change_email", email: input.email });
    await sendEmail(db, {
      to: input.email,
      template: "confirm-email-change",
      userId,
      props: { name: user.name ?? "there", newEmail: input.email, confirmUrl: appUrl(`/verify-email?token=${token}`) },
    });
  }
  return { success: `We sent a confirmation link to ${input.email}. Your email changes when you open it.` };
}

// Returns the new session version so the caller can keep its own session while every other one ends.
export async function changePassword(db: Db, userId: string, input: z.infer<typeof passwordChangeSchema>, ip: string) {
  const user = await findUserById(db, userId);
  if (!user) return { error: "Please sign in again." } as const;
  const refused = await currentPasswordRefusal(db, user, input.currentPassword, ip);
  if (refused) return { error: refused } as const;
  const problem = passwordProblem(input.newPassword, user);
  if (problem) return { error: problem } as const;
  const sessionVersion = await setPasswordAndEndSessions(db, {
    userId,
    passwordHash: await hashPassword(input.newPassword),
  });
  await sendEmail(db, { to: user.email, template: "password-changed", userId, props: { name: user.name ?? "there" } });
  return {
    success: "Your password was changed and your other sessions were signed out.",
    sessionVersion: sessionVersion!,
  } as const;
}

export async function deleteAccount(db: Db, userId: string, confirmEmail: string): Promise<ActionResult> {
  const user = await findUserById(db, userId);
  if (!user) return { error: "Please sign in again." };
  if (confirmEmail !== user.email) return { error: "Type your email exactly as shown to confirm." };
  const { done } = await closeAccount(db, userId);
  return {
    success: done
      ? "Your account was deleted."
      : "Your account is being deleted: we email you once its instances are terminated.",
  };
}
