import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { apiIdempotencyKeys } from "@/db/schema";
import { ApiError } from "./errors";

export const IDEMPOTENCY_KEY = "idempotency-key";
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

type Replay = { status: number; body: unknown };

// The first call with a key runs; a retry with the same key and body gets the first answer again; the same key
// with another body, or while the first call still runs, is refused. Keys are per token and kept for a day.
export async function claimIdempotencyKey(
  db: Db,
  tokenId: string,
  key: string,
  request: string,
): Promise<{ replay: Replay | null }> {
  if (!KEY_SHAPE.test(key))
    throw new ApiError("validation_failed", "Idempotency-Key must be 1 to 255 printable characters without spaces.");
  const requestHash = createHash("sha256").update(request).digest("hex");
  const fresh = sql`${apiIdempotencyKeys.createdAt} > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
  // An expired row of the same key is taken over, as if it were new.
  const [claimed] = await db
    .insert(apiIdempotencyKeys)
    .values({ tokenId, key, requestHash })
    .onConflictDoUpdate({
      target: [apiIdempotencyKeys.tokenId, apiIdempotencyKeys.key],
      set: { requestHash, status: null, body: null, createdAt: sql`now()` },
      setWhere: sql`not (${fresh})`,
    })
    .returning();
  if (claimed) return { replay: null };
  const [row] = await db
    .select()
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, tokenId), eq(apiIdempotencyKeys.key, key)));
  if (!row || row.requestHash !== requestHash)
    throw new ApiError("idempotency_key_reused", "This Idempotency-Key was used with another request.");
  if (row.status === null)
    throw new ApiError("idempotency_key_in_use", "A request with this Idempotency-Key is still running.");
  return { replay: { status: row.status, body: row.body } };
}

export async function saveIdempotentAnswer(db: Db, tokenId: string, key: string, status: number, body: unknown) {
  await db
    .update(apiIdempotencyKeys)
    .set({ status, body: body ?? null })
    .where(and(eq(apiIdempotencyKeys.tokenId, tokenId), eq(apiIdempotencyKeys.key, key)));
}

// A call that failed unexpectedly leaves no answer: the same key may try again.
export async function releaseIdempotencyKey(db: Db, tokenId: string, key: string) {
  await db
    .delete(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, tokenId), eq(apiIdempotencyKeys.key, key)));
}

export async function pruneIdempotencyKeys(db: Db) {
  const gone = await db
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
    .returning({ key: apiIdempotencyKeys.key });
  return gone.length;
}
