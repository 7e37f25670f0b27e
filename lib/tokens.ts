import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { userTokens, type UserToken } from "@/db/schema";

type Purpose = UserToken["purpose"];

export const TOKEN_TTL_MINUTES: Record<Purpose, number> = {
  verify_email: 24 * 60,
  change_email: 24 * 60,
  reset_password: 60,
};

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

// Issues a single-use token; only its hash is stored. Earlier unused tokens of the same purpose stop working.
export async function issueUserToken(db: Db, p: { userId: string; purpose: Purpose; email: string }) {
  const token = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    await tx
      .update(userTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(userTokens.userId, p.userId), eq(userTokens.purpose, p.purpose), isNull(userTokens.usedAt)));
    await tx.insert(userTokens).values({
      userId: p.userId,
      purpose: p.purpose,
      email: p.email,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + TOKEN_TTL_MINUTES[p.purpose] * 60_000),
    });
  });
  return token;
}

export type TokenCheck = { ok: true; token: UserToken } | { ok: false; reason: "invalid" | "used" | "expired" };

export async function findUserToken(db: Db, p: { token: string; purpose: Purpose }): Promise<TokenCheck> {
  const [row] = await db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, sha256(p.token)), eq(userTokens.purpose, p.purpose)));
  if (!row) return { ok: false, reason: "invalid" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.expiresAt <= new Date()) return { ok: false, reason: "expired" };
  return { ok: true, token: row };
}

// Marks the token used in the same statement that checks it, so two clicks can't both succeed.
export async function consumeUserToken(db: Db, p: { token: string; purpose: Purpose }): Promise<TokenCheck> {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.tokenHash, sha256(p.token)),
        eq(userTokens.purpose, p.purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  if (row) return { ok: true, token: row };
  const check = await findUserToken(db, p);
  return check.ok ? { ok: false, reason: "used" } : check;
}

export const TOKEN_MESSAGES: Record<"invalid" | "used" | "expired", string> = {
  invalid: "That link is not valid. Check that you copied the whole link from the email.",
  used: "That link has already been used. Links in our emails work once.",
  expired: "That link has expired. Ask for a new one below.",
};
