import { integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { stacks } from "./catalog";
import { instances } from "./instances";

export const upgradeStatus = pgEnum("upgrade_status", ["running", "completed", "stopped"]);

// A stack's image rolled out to its running instances in waves (1, then 10%, then the rest).
export const fleetUpgrades = pgTable("fleet_upgrades", {
  id: uuid().primaryKey().defaultRandom(),
  stackId: uuid()
    .notNull()
    .references(() => stacks.id, { onDelete: "cascade" }),
  image: text().notNull(),
  status: upgradeStatus().notNull().default("running"),
  // The instances it set out to upgrade, counted when it started: the waves are sized from it.
  total: integer().notNull(),
  wave: integer().notNull().default(1),
  // A wave in which more than this share of instances rolled back stops the rollout.
  failureThreshold: numeric({ precision: 3, scale: 2, mode: "number" }).notNull().default(0.2),
  error: text(),
  startedBy: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp({ withTimezone: true }),
});
export type FleetUpgrade = typeof fleetUpgrades.$inferSelect;

// deferred: waiting for the instance's maintenance window; cancelled: the rollout stopped, or the instance left
// the fleet, before its window came.
export const upgradeOutcome = pgEnum("upgrade_outcome", ["upgraded", "rolled_back", "deferred", "cancelled"]);

// What happened to each instance in an upgrade: one row each, so a retried wave skips those already done.
export const upgradeInstances = pgTable(
  "upgrade_instances",
  {
    upgradeId: uuid()
      .notNull()
      .references(() => fleetUpgrades.id, { onDelete: "cascade" }),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    wave: integer().notNull(),
    outcome: upgradeOutcome().notNull(),
    fromImage: text().notNull(),
    // From stopping the old container to the health path answering on the new (or, rolled back, the old) one.
    downtimeMs: integer().notNull(),
    error: text(),
    // A deferred row claimed by the job applying it, so two runs never upgrade one instance at once.
    claimedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.upgradeId, t.instanceId] })],
);
