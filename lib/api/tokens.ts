import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { apiTokens, users, type ApiToken, type User } from "@/db/schema";
import type { ActionResult } from "@/lib/action";

// A token reads `berth_pat_` and 43 characters of base64url (32 random bytes): long enough that guessing is
// hopeless, so it is looked up by its hash alone, and recognisable by secret scanners by its prefix.
export const TOKEN_PREFIX = "berth_pat_";
const TOKEN_SHAPE = /^berth_pat_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS_PER_USER = 20;
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365, 0] as const;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export const createTokenSchema = z.object({
  name: z
    .string("Please name the token.")
    .trim()
    .min(1, "Please name the token.")
    .max(60, "Keep the name under 60 characters."),
  scope: z.enum(["read", "write"], "Please choose read or read and write."),
  // Days until it expires; 0 is never.
  expiresInDays: z.coerce.number().pipe(z.literal(TOKEN_EXPIRY_DAYS, "Please choose when the token expires.")),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

// Shown once: only the hash is stored, so the caller must hand `token` to the person now or never.
export async function createApiToken(
  db: Db,
  userId: string,
  input: CreateTokenInput,
): Promise<{ error: string } | { token: string; row: ApiToken }> {
  const live = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  if ((live[0]?.n ?? 0) >= MAX_TOKENS_PER_USER)
    return { error: `You have ${MAX_TOKENS_PER_USER} tokens already. Revoke one you no longer use first.` };
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId,
      name: input.name,
      scope: input.scope,
      tokenHash: sha256(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    })
    .returning();
  return { token, row: row! };
}

export function listApiTokens(db: Db, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<ActionResult> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
  return row ? { success: `“${row.name}” was revoked; requests with it now fail.` } : { error: "Token not found." };
}

export type TokenUser = Pick<User, "id" | "email" | "name" | "role">;
export type Authenticated = { token: ApiToken; user: TokenUser };

// The bearer's token and user, or why not. Last used is written at most once a minute per token.
export async function authenticateApiToken(
  db: Db,
  bearer: string | null,
  ip: string,
): Promise<Authenticated | { refused: "missing" | "invalid" | "expired" | "revoked" | "account" }> {
  if (!bearer) return { refused: "missing" };
  if (!TOKEN_SHAPE.test(bearer)) return { refused: "invalid" };
  const [found] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sha256(bearer)));
  if (!found) return { refused: "invalid" };
  if (found.token.revokedAt) return { refused: "revoked" };
  if (found.token.expiresAt && found.token.expiresAt <= new Date()) return { refused: "expired" };
  if (found.user.suspendedAt || found.user.deletedAt || !found.user.emailVerified) return { refused: "account" };
  if (!found.token.lastUsedAt || Date.now() - found.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date(), lastUsedIp: ip }).where(eq(apiTokens.id, found.token.id));
  }
  const { id, email, name, role } = found.user;
  return { token: found.token, user: { id, email, name, role } };
}
