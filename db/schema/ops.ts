import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed"]);

// Every email Berth sends. A dedupe key makes an email that must go out once unique.
export const emailLog = pgTable(
  "email_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    to: text().notNull(),
    template: text().notNull(),
    subject: text().notNull(),
    dedupeKey: text(),
    status: emailStatus().notNull().default("pending"),
    messageId: text(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("email_log_dedupe_key_key").on(t.dedupeKey), index("email_log_user_id_idx").on(t.userId)],
);
export type EmailLogEntry = typeof emailLog.$inferSelect;

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_created_id_idx").on(t.createdAt, t.id),
    index("audit_log_actor_created_idx").on(t.actorId, t.createdAt, t.id),
    index("audit_log_action_created_idx").on(t.action, t.createdAt, t.id),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.createdAt),
  ],
);
