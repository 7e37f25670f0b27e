import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const sshKeys = pgTable(
  "ssh_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    type: text().$type<"ed25519" | "ecdsa" | "rsa">().notNull(),
    algorithm: text().notNull(),
    bits: integer().notNull(),
    // SHA256:… exactly as `ssh-keygen -lf` prints it.
    fingerprint: text().notNull(),
    publicKey: text().notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ssh_keys_user_fingerprint_key").on(t.userId, t.fingerprint),
    index("ssh_keys_fingerprint_idx").on(t.fingerprint),
  ],
);
export type SshKey = typeof sshKeys.$inferSelect;
