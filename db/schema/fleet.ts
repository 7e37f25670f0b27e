import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const hostStatus = pgEnum("host_status", ["active", "draining", "unreachable"]);

// A Docker Engine that runs instances.
export const hosts = pgTable(
  "hosts",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    endpoint: text().notNull(),
    // isolated (network none, a relay socket per instance), bridge (a network per instance that only the edge
    // joins) or host-unsafe (the host's namespace: one customer only).
    networkMode: text().notNull().default("isolated"),
    // The address the edge serves instances at, one port each, shown to customers.
    publicAddress: text().notNull().default("127.0.0.1"),
    portRangeStart: integer().notNull().default(20000),
    portRangeEnd: integer().notNull().default(29999),
    memoryMb: integer(),
    cpus: numeric({ precision: 6, scale: 2, mode: "number" }),
    version: text(),
    status: hostStatus().notNull().default("active"),
    lastSeenAt: timestamp({ withTimezone: true }),
    lastError: text(),
    // Set while staff have it drained, so that it goes back to draining (not active) after an outage.
    drainedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [uniqueIndex("hosts_endpoint_key").on(t.endpoint), uniqueIndex("hosts_name_key").on(t.name)],
);
export type Host = typeof hosts.$inferSelect;

export const driftKind = pgEnum("drift_kind", [
  "orphan_container",
  "missing_container",
  "unpaid_running",
  "stuck_transition",
]);

// What the reconciler found that does not match; resolved when a later pass no longer sees it.
export const fleetDrift = pgTable(
  "fleet_drift",
  {
    id: uuid().primaryKey().defaultRandom(),
    hostId: uuid().references(() => hosts.id, { onDelete: "cascade" }),
    kind: driftKind().notNull(),
    instanceId: uuid(),
    containerId: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("fleet_drift_open_key")
      .on(t.kind, sql`coalesce(${t.instanceId}::text, '')`, sql`coalesce(${t.containerId}, '')`)
      .where(sql`${t.resolvedAt} is null`),
    index("fleet_drift_host_idx").on(t.hostId),
    index("fleet_drift_instance_idx").on(t.instanceId),
  ],
);
