import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export const apiTokenScope = pgEnum("api_token_scope", ["read", "write"]);

// Personal access tokens for /api/v1: only a SHA-256 hash of the secret is kept, and its first characters to
// recognise it by in the list. A revoked or expired token stays as a row, so the list can say what happened.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    scope: apiTokenScope().notNull(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: text(),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_tokens_token_hash_key").on(t.tokenHash), index("api_tokens_user_id_idx").on(t.userId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

// The first answer to a creating call with an `Idempotency-Key`, replayed to every retry with the same key and
// body. A row without a status is a call still running; rows older than a day are pruned.
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer(),
    body: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index("api_idempotency_keys_created_at_idx").on(t.createdAt)],
);
