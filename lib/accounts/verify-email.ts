import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { updateStripeCustomer } from "@/jobs/contracts";
import { sendEmail } from "@/lib/mail";
import { consumeUserToken, findUserToken, TOKEN_MESSAGES } from "@/lib/tokens";

export type VerifyResult = { ok: true; message: string } | { ok: false; message: string };

// One link format for both sign-up confirmation and a change of email; the token's purpose tells them apart.
export async function confirmEmailToken(db: Db, token: string): Promise<VerifyResult> {
  const change = await findUserToken(db, { token, purpose: "change_email" });
  if (change.ok || change.reason !== "invalid")
    return change.ok ? confirmEmailChange(db, token) : { ok: false, message: TOKEN_MESSAGES[change.reason] };

  const check = await consumeUserToken(db, { token, purpose: "verify_email" });
  if (!check.ok) return { ok: false, message: TOKEN_MESSAGES[check.reason] };
  const [user] = await db
    .update(users)
    .set({ emailVerified: new Date() })
    .where(and(eq(users.id, check.token.userId), eq(users.email, check.token.email)))
    .returning({ id: users.id });
  if (!user) return { ok: false, message: "This link was for an email address your account no longer uses." };
  return { ok: true, message: "Your email is confirmed. You can now start your free trial instance." };
}

async function confirmEmailChange(db: Db, token: string): Promise<VerifyResult> {
  return db.transaction(async (tx) => {
    const check = await consumeUserToken(tx, { token, purpose: "change_email" });
    if (!check.ok) return { ok: false, message: TOKEN_MESSAGES[check.reason] };
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, check.token.email), ne(users.id, check.token.userId)));
    if (taken)
      return {
        ok: false,
        message: "That email address now belongs to another account, so your email was not changed.",
      };
    const [before] = await tx.select().from(users).where(eq(users.id, check.token.userId));
    if (!before) return { ok: false, message: TOKEN_MESSAGES.invalid };
    await tx.update(users).set({ email: check.token.email, emailVerified: new Date() }).where(eq(users.id, before.id));
    await enqueue(
      updateStripeCustomer,
      { userId: before.id },
      { idempotencyKey: `customer-email:${before.id}:${check.token.id}` },
      tx,
    );
    await sendEmail(tx, {
      to: before.email,
      template: "email-changed",
      userId: before.id,
      props: { name: before.name ?? "there", newEmail: check.token.email },
    });
    return { ok: true, message: `Your email is now ${check.token.email}.` };
  });
}
