import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

// One row per sign-in; its id travels in the JWT, so a session can be ended before the token expires.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The user's session_version when it began: bumping that version (password reset, suspension) ends it too.
    sessionVersion: integer().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("user_sessions_user_id_idx").on(t.userId, t.lastSeenAt)],
);
export type UserSession = typeof userSessions.$inferSelect;
