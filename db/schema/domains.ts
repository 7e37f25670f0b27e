import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { instances } from "./instances";

export const domainStatus = pgEnum("domain_status", ["pending", "verified", "disabled"]);

// A customer's own name for an instance: shown with the records to create, verified over DNS, then served.
// Several accounts may claim a name while it is pending (the TXT token unique to each account decides), but
// once one account has verified it, no other can hold it verified.
export const customDomains = pgTable(
  "custom_domains",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    // ASCII (IDNs as punycode), lowercase, no trailing dot.
    name: text().notNull(),
    // The TXT record's value at _berth-verify.<name>, random per claim: proves this account controls the zone.
    verificationToken: text().notNull(),
    status: domainStatus().notNull().default("pending"),
    verifiedAt: timestamp({ withTimezone: true }),
    checkedAt: timestamp({ withTimezone: true }),
    // What the last DNS check found missing, shown to the customer beside the records to create.
    problems: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // The first TLS handshake from Berth to the edge for this name with a valid chain: the certificate exists.
    certificateAt: timestamp({ withTimezone: true }),
    // The first HTTPS answer for this name from the instance's route: the domain serves the instance.
    liveAt: timestamp({ withTimezone: true }),
    // The daily re-check found the records gone: no longer served, and free for another account to verify.
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex("custom_domains_verified_name_key")
      .on(t.name)
      .where(sql`${t.status} = 'verified'`),
    uniqueIndex("custom_domains_owner_name_key").on(t.ownerId, t.name),
    index("custom_domains_instance_id_idx").on(t.instanceId),
  ],
);
export type CustomDomain = typeof customDomains.$inferSelect;
