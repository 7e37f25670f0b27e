import { boolean, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const plans = pgTable(
  "plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    cpu: numeric({ precision: 4, scale: 2, mode: "number" }).notNull(),
    memoryMb: integer().notNull(),
    diskGb: integer().notNull(),
    priceCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    stripeLookupKey: text().notNull(),
    trialDays: integer().notNull().default(0),
    // Each instance of the plan is backed up daily, each backup kept this many days; 0: no scheduled backups.
    backupRetentionDays: integer().notNull().default(0),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [uniqueIndex("plans_slug_key").on(t.slug), uniqueIndex("plans_stripe_lookup_key_key").on(t.stripeLookupKey)],
);
export type Plan = typeof plans.$inferSelect;

export const stacks = pgTable(
  "stacks",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: text().$type<"runtime" | "app" | "static">().notNull(),
    description: text().notNull().default(""),
    image: text().notNull(),
    port: integer().notNull(),
    env: jsonb().$type<Record<string, string>>().notNull().default({}),
    // The container's command, when the image's own is not what Berth runs.
    command: jsonb().$type<string[]>(),
    healthPath: text().notNull().default("/"),
    volumePath: text().notNull(),
    sortOrder: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [uniqueIndex("stacks_slug_key").on(t.slug)],
);
export type Stack = typeof stacks.$inferSelect;
