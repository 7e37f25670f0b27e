import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { instances } from "./instances";

export const ticketStatus = pgEnum("ticket_status", ["open", "waiting_on_customer", "closed"]);
export const ticketCategory = pgEnum("ticket_category", ["technical", "billing", "account", "other"]);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid().primaryKey().defaultRandom(),
    // The number customers and staff quote ("ticket #1042").
    number: integer().generatedAlwaysAsIdentity({ startWith: 1000 }),
    customerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subject: text().notNull(),
    category: ticketCategory().notNull(),
    status: ticketStatus().notNull().default("open"),
    instanceId: uuid().references(() => instances.id, { onDelete: "set null" }),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("tickets_customer_idx").on(t.customerId, t.lastMessageAt),
    index("tickets_status_idx").on(t.status, t.lastMessageAt),
    index("tickets_assignee_idx")
      .on(t.assigneeId)
      .where(sql`${t.assigneeId} is not null`),
    // The staff queue's order (open, waiting, closed; newest activity first): the same expression as in
    // db/queries/tickets.ts, so the queue reads its first page straight from this index instead of sorting.
    index("tickets_queue_idx").on(
      sql`(case ${t.status} when 'open' then 0 when 'waiting_on_customer' then 1 else 2 end)`,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);
export type Ticket = typeof tickets.$inferSelect;

// Plain text only: rendered as text with line breaks, never as markup.
export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    fromStaff: boolean().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ticket_messages_ticket_idx").on(t.ticketId, t.createdAt)],
);
export type TicketMessage = typeof ticketMessages.$inferSelect;

// Staff-only notes on a ticket: a table of their own, so no query of the customer's thread can ever include one.
export const ticketNotes = pgTable(
  "ticket_notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ticket_notes_ticket_idx").on(t.ticketId, t.createdAt)],
);

// Replies staff keep for common questions, inserted into the reply box and edited before sending.
export const cannedReplies = pgTable("canned_replies", {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull().unique(),
  body: text().notNull(),
  createdById: uuid().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
export type TicketNote = typeof ticketNotes.$inferSelect;
