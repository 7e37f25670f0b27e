import type { Db } from "@/db";
import {
  claimBackoff,
  clearRateLimit,
  hitRateLimit,
  LIMITS,
  LOGIN_BACKOFF,
  peekRateLimit,
  tryAgainMessage,
  type Limit,
} from "@/lib/rate-limit";

export type PasswordAttempt = { ok: true } | { ok: false; refused?: string };

type Scope = { kind: "login" | "current-password"; subject: string; ip: string };

const subjectLimit: Record<Scope["kind"], Limit> = {
  login: LIMITS.loginPerEmail,
  "current-password": LIMITS.currentPasswordPerUser,
};

/**
 * One password guess for `subject` (an email, or a signed-in user) from `ip`. Guesses from one address at one
 * subject wait longer and longer; an address that fails at many subjects is stopped outright. Past the
 * per-subject limit, only an address that has not failed for that subject gets a guess, so guessing from many
 * addresses slows down while the owner signing in from a fresh one still gets in with the right password.
 */
export async function attemptPassword(db: Db, scope: Scope, check: () => Promise<boolean>): Promise<PasswordAttempt> {
  const keys = {
    pair: `${scope.kind}:pair:${scope.subject}:${scope.ip}`,
    ip: `${scope.kind}:ip:${scope.ip}`,
    subject: `${scope.kind}:subject:${scope.subject}`,
  };
  const address = await peekRateLimit(db, keys.ip, LIMITS.loginPerIp);
  if (address.limited) return { ok: false, refused: tryAgainMessage(address.retryAfterSeconds) };
  const subject = await peekRateLimit(db, keys.subject, subjectLimit[scope.kind]);
  const pair = await claimBackoff(db, keys.pair, LOGIN_BACKOFF);
  if (!pair.allowed) return { ok: false, refused: tryAgainMessage(pair.retryAfterSeconds) };
  if (subject.limited && pair.count > 1) return { ok: false, refused: tryAgainMessage(subject.retryAfterSeconds) };

  if (await check()) {
    await clearRateLimit(db, keys.pair);
    return { ok: true };
  }
  await hitRateLimit(db, keys.ip, LIMITS.loginPerIp);
  await hitRateLimit(db, keys.subject, subjectLimit[scope.kind]);
  return { ok: false };
}
