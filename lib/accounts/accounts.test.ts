import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { findUserByEmail } from "@/lib/accounts/queries";
import { rateLimits, users } from "@/db/schema";
import { emailsTo, firstLink, waitForEmail } from "@/scripts/test/mailbox";
import { checkLogin, LOGIN_FAILED, loginSchema, SUSPENDED } from "./login";
import { RESET_SENT, requestPasswordReset, resetPassword } from "./password-reset";
import { changePassword, deleteAccount, renameUser, requestEmailChange } from "./settings";
import { signUp, signupSchema } from "./signup";
import { confirmEmailToken } from "./verify-email";

const mailbox = process.env.MAILDEV_URL!;
const password = "correct horse battery";
const newEmail = () => `acct-${randomUUID()}@example.test`;
const ip = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
// Moves a backoff's last attempt back, as if the wait had passed.
const waitOut = (key: string, seconds: number) =>
  db
    .update(rateLimits)
    .set({ windowStart: sql`${rateLimits.windowStart} - make_interval(secs => ${seconds})` })
    .where(eq(rateLimits.key, key));

async function signedUpUser() {
  const email = newEmail();
  expect(await signUp(db, { name: "Ada", email, password }, ip())).toEqual({ ok: true, email });
  const mail = await waitForEmail(mailbox, email, { subject: /Confirm your email/ });
  return { email, verifyLink: firstLink(mail, "/verify-email"), user: (await findUserByEmail(db, email))! };
}

describe("sign up and verification", () => {
  it("creates an unverified account and verifies it with a single-use link", async () => {
    const { verifyLink, user } = await signedUpUser();
    expect(user.emailVerified).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await confirmEmailToken(db, tokenOf(verifyLink))).toMatchObject({ ok: true });
    expect((await findUserByEmail(db, user.email))!.emailVerified).toBeInstanceOf(Date);
    expect(await confirmEmailToken(db, tokenOf(verifyLink))).toMatchObject({ ok: false, message: /already been used/ });
  });

  it("answers a duplicate sign-up like a new one, changes nothing, and tells the mailbox owner", async () => {
    const { email, user } = await signedUpUser();
    const input = signupSchema.parse({
      name: "Mallory",
      email: ` ${email.toUpperCase()} `,
      password: "another long passphrase",
    });
    expect(await signUp(db, input, ip())).toEqual({ ok: true, email });
    await waitForEmail(mailbox, email, { subject: /already have a Berth account/ });
    const after = (await findUserByEmail(db, email))!;
    expect(after).toMatchObject({ id: user.id, name: "Ada", passwordHash: user.passwordHash });
  });

  it("refuses a weak password with the rule and creates nothing", async () => {
    const email = newEmail();
    const result = await signUp(db, { name: "Ada", email, password: "password1" }, ip());
    expect(result).toMatchObject({ error: expect.stringMatching(/at least 10 characters/) });
    expect(await findUserByEmail(db, email)).toBeNull();
  });

  it("refuses a password from the breached-password list at sign-up, reset and change, saying why", async () => {
    const weak = "password12";
    const reason = /^That password is too easy to guess: it is one of the most common passwords/;
    const email = newEmail();
    expect(await signUp(db, { name: "Ada", email, password: weak }, ip())).toEqual({
      error: expect.stringMatching(reason),
    });
    expect(await findUserByEmail(db, email)).toBeNull();
    const { user } = await signedUpUser();
    expect(await changePassword(db, user.id, { currentPassword: password, newPassword: weak }, ip())).toEqual({
      error: expect.stringMatching(reason),
    });
    expect(await requestPasswordReset(db, user.email, ip())).toEqual({ success: RESET_SENT });
    const token = tokenOf(
      firstLink(await waitForEmail(mailbox, user.email, { subject: /Reset your Berth password/ }), "/reset-password"),
    );
    expect(await resetPassword(db, { token, password: weak })).toEqual({ error: expect.stringMatching(reason) });
    expect((await findUserByEmail(db, user.email))!.passwordHash).toBe(user.passwordHash);
  });

  it("rejects an expired link", async () => {
    const { verifyLink, user } = await signedUpUser();
    await db.execute(`update user_tokens set expires_at = now() - interval '1 minute' where user_id = '${user.id}'`);
    expect(await confirmEmailToken(db, tokenOf(verifyLink))).toMatchObject({ ok: false, message: /expired/ });
  });
});

describe("log in", () => {
  it("answers a 300-character password with the limit", () => {
    const parsed = loginSchema.safeParse({ email: newEmail(), password: "x".repeat(300) });
    expect(parsed.error?.issues[0]?.message).toBe(
      "That password is too long: Berth passwords have at most 200 characters.",
    );
  });

  it("accepts the right password, refuses a wrong one, and refuses a suspended account", async () => {
    const { email, user } = await signedUpUser();
    expect(await checkLogin(db, { email, password }, ip())).toMatchObject({ ok: true });
    expect(await checkLogin(db, { email, password: "not the password" }, ip())).toEqual({
      ok: false,
      message: LOGIN_FAILED,
    });
    expect(await checkLogin(db, { email: newEmail(), password }, ip())).toEqual({ ok: false, message: LOGIN_FAILED });
    await db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, user.id));
    expect(await checkLogin(db, { email, password }, ip())).toEqual({ ok: false, message: SUSPENDED });
  });

  it("makes one address wait longer after each failure, even for the right password, until it has waited", async () => {
    const { email } = await signedUpUser();
    const from = ip();
    for (let i = 0; i < 3; i++)
      expect(await checkLogin(db, { email, password: "wrong password!" }, from)).toEqual({
        ok: false,
        message: LOGIN_FAILED,
      });
    expect(await checkLogin(db, { email, password }, from)).toEqual({
      ok: false,
      message: "Too many attempts. Please wait 2 seconds and try again.",
    });
    await waitOut(`login:pair:${email}:${from}`, 2);
    expect(await checkLogin(db, { email, password: "wrong password!" }, from)).toEqual({
      ok: false,
      message: LOGIN_FAILED,
    });
    expect(await checkLogin(db, { email, password }, from)).toEqual({
      ok: false,
      message: "Too many attempts. Please wait 4 seconds and try again.",
    });
    await waitOut(`login:pair:${email}:${from}`, 4);
    expect(await checkLogin(db, { email, password }, from)).toMatchObject({ ok: true });
  });

  it("counts parallel guesses from one address one at a time", async () => {
    const { email } = await signedUpUser();
    const from = ip();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => checkLogin(db, { email, password: "wrong password!" }, from)),
    );
    expect(results.filter((r) => !r.ok && r.message === LOGIN_FAILED)).toHaveLength(3);
  });

  it("past the per-email limit, refuses addresses that failed but lets the right password in from a fresh one", async () => {
    const { email } = await signedUpUser();
    const guessers = Array.from({ length: 10 }, ip);
    for (const from of guessers)
      expect(await checkLogin(db, { email, password: "wrong password!" }, from)).toEqual({
        ok: false,
        message: LOGIN_FAILED,
      });
    expect(await checkLogin(db, { email, password }, guessers[0]!)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many attempts\. Please try again in 15 minutes\.$/),
    });
    const stranger = ip();
    expect(await checkLogin(db, { email, password: "yet another guess" }, stranger)).toEqual({
      ok: false,
      message: LOGIN_FAILED,
    });
    expect(await checkLogin(db, { email, password }, stranger)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many attempts/),
    });
    expect(await checkLogin(db, { email, password }, ip())).toMatchObject({ ok: true });
  });
});

describe("password reset", () => {
  it("sends the same answer for unknown emails and sends nothing to them", async () => {
    const unknown = newEmail();
    expect(await requestPasswordReset(db, unknown, ip())).toEqual({ success: RESET_SENT });
    expect(await emailsTo(mailbox, unknown)).toHaveLength(0);
  });

  it("sets a new password with a single-use link and ends every session", async () => {
    const { email, user } = await signedUpUser();
    expect(await requestPasswordReset(db, email, ip())).toEqual({ success: RESET_SENT });
    const token = tokenOf(
      firstLink(await waitForEmail(mailbox, email, { subject: /Reset your Berth password/ }), "/reset-password"),
    );
    expect(await resetPassword(db, { token, password: "short" })).toMatchObject({ error: /too short/ });
    expect(await resetPassword(db, { token, password: "a brand new passphrase" })).toEqual({ ok: true });
    const after = (await findUserByEmail(db, email))!;
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect(after.emailVerified).toBeInstanceOf(Date);
    expect(await checkLogin(db, { email, password: "a brand new passphrase" }, ip())).toMatchObject({ ok: true });
    expect(await resetPassword(db, { token, password: "yet another passphrase" })).toMatchObject({
      error: /already been used/,
    });
  });
});

describe("rate limits on sign-up and reset", () => {
  it("refuses a fourth sign-up for the same email within the hour, and creates nothing", async () => {
    const email = newEmail();
    for (let i = 0; i < 3; i++)
      expect(await signUp(db, { name: "Ada", email, password }, ip())).toEqual({ ok: true, email });
    expect(await signUp(db, { name: "Ada", email, password }, ip())).toEqual({
      error: expect.stringMatching(/try again in \d+ minutes/),
    });
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it("refuses an eleventh sign-up from one address", async () => {
    const from = ip();
    for (let i = 0; i < 10; i++)
      expect(await signUp(db, { name: "Ada", email: newEmail(), password }, from)).toMatchObject({ ok: true });
    const email = newEmail();
    expect(await signUp(db, { name: "Ada", email, password }, from)).toEqual({
      error: expect.stringMatching(/try again in/),
    });
    expect(await findUserByEmail(db, email)).toBeNull();
  });

  it("sends at most three reset emails an hour to one address", async () => {
    const { email } = await signedUpUser();
    for (let i = 0; i < 3; i++) expect(await requestPasswordReset(db, email, ip())).toEqual({ success: RESET_SENT });
    expect(await requestPasswordReset(db, email, ip())).toEqual({ error: expect.stringMatching(/try again in/) });
    await waitForEmail(mailbox, email, { subject: /Reset your Berth password/, count: 3 });
    expect((await emailsTo(mailbox, email)).filter((m) => /Reset your Berth password/.test(m.subject))).toHaveLength(3);
  });
});

describe("settings", () => {
  it("renames the account", async () => {
    const { user } = await signedUpUser();
    expect(await renameUser(db, user.id, "Ada King")).toMatchObject({ success: expect.any(String) });
    expect((await findUserByEmail(db, user.email))!.name).toBe("Ada King");
  });

  it("changes the email only once the new address confirms it", async () => {
    const { email, user } = await signedUpUser();
    const next = newEmail();
    expect(await requestEmailChange(db, user.id, { email: next, password: "wrong password" }, ip())).toMatchObject({
      error: /current password/,
    });
    expect(await requestEmailChange(db, user.id, { email: next, password }, ip())).toMatchObject({
      success: expect.stringContaining(next),
    });
    expect((await findUserByEmail(db, email))!.id).toBe(user.id);
    const link = firstLink(await waitForEmail(mailbox, next, { subject: /Confirm your new email/ }), "/verify-email");
    expect(await confirmEmailToken(db, tokenOf(link))).toMatchObject({ ok: true });
    expect((await findUserByEmail(db, next))!.id).toBe(user.id);
    expect(await findUserByEmail(db, email)).toBeNull();
    await waitForEmail(mailbox, email, { subject: /email was changed/ });
  });

  it("slows down wrong current passwords like the login, even when the right one follows", async () => {
    const { user } = await signedUpUser();
    const from = ip();
    for (let i = 0; i < 3; i++) {
      expect(
        await requestEmailChange(db, user.id, { email: newEmail(), password: `wrong password ${i}` }, from),
      ).toEqual({ error: "Your current password is not right." });
    }
    const input = { currentPassword: password, newPassword: "a different passphrase" };
    expect(await changePassword(db, user.id, input, from)).toEqual({
      error: "Too many attempts. Please wait 2 seconds and try again.",
    });
    expect((await findUserByEmail(db, user.email))!.passwordHash).toBe(user.passwordHash);
  });

  it("sends at most five email-change confirmations an hour", async () => {
    const { user } = await signedUpUser();
    const targets = Array.from({ length: 6 }, newEmail);
    for (const email of targets.slice(0, 5))
      expect(await requestEmailChange(db, user.id, { email, password }, ip())).toMatchObject({
        success: expect.any(String),
      });
    expect(await requestEmailChange(db, user.id, { email: targets[5]!, password }, ip())).toEqual({
      error: expect.stringMatching(/^Too many attempts\. Please try again in \d+ minutes\.$/),
    });
    await waitForEmail(mailbox, targets[4]!, { subject: /Confirm your new email/ });
    expect(await emailsTo(mailbox, targets[5]!)).toHaveLength(0);
  });

  it("changes the password, ending other sessions", async () => {
    const { user } = await signedUpUser();
    expect(
      await changePassword(db, user.id, { currentPassword: "nope nope nope", newPassword: "x" }, ip()),
    ).toMatchObject({ error: /current password/ });
    const result = await changePassword(
      db,
      user.id,
      { currentPassword: password, newPassword: "a different passphrase" },
      ip(),
    );
    expect(result).toMatchObject({ sessionVersion: user.sessionVersion + 1 });
  });

  it("deletes the account only when the email is typed exactly", async () => {
    const { email, user } = await signedUpUser();
    expect(await deleteAccount(db, user.id, "someone@else.test")).toMatchObject({ error: /Type your email/ });
    expect(await findUserByEmail(db, email)).not.toBeNull();
    expect(await deleteAccount(db, user.id, email)).toEqual({ success: "Your account was deleted." });
    expect(await findUserByEmail(db, email)).toBeNull();
    await waitForEmail(mailbox, email, { subject: /Your Berth account was deleted/ });
  });
});
