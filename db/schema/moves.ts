import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { hosts } from "./fleet";
import { backups, instances } from "./instances";

// An instance moving off a host (a drain): where it goes, the backup that carries its data, and how far it got,
// so that a retried job goes on from there. One open move per instance.
export const instanceMoves = pgTable(
  "instance_moves",
  {
    id: uuid().primaryKey().defaultRandom(),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    fromHostId: uuid()
      .notNull()
      .references(() => hosts.id, { onDelete: "cascade" }),
    toHostId: uuid().references(() => hosts.id, { onDelete: "cascade" }),
    backupId: uuid().references(() => backups.id, { onDelete: "set null" }),
    // The container made on the new host, before the instance is switched to it.
    containerId: text(),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    switchedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("instance_moves_open_key")
      .on(t.instanceId)
      .where(sql`${t.finishedAt} is null`),
    index("instance_moves_from_host_idx").on(t.fromHostId),
  ],
);
export type InstanceMove = typeof instanceMoves.$inferSelect;
