import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { plans, stacks } from "./catalog";
import { hosts } from "./fleet";
import { sshKeys } from "./keys";

export const instanceStatus = pgEnum("instance_status", [
  "pending_payment",
  "provisioning",
  "starting",
  "running",
  "suspended",
  "terminating",
  "terminated",
  "failed",
]);
export const desiredState = pgEnum("desired_state", ["running", "suspended", "terminated"]);

export const instances = pgTable(
  "instances",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    // Globally unique: the SSH user name and the container's name.
    slug: text().notNull(),
    planId: uuid()
      .notNull()
      .references(() => plans.id),
    stackId: uuid()
      .notNull()
      .references(() => stacks.id),
    hostId: uuid().references(() => hosts.id),
    status: instanceStatus().notNull(),
    desiredState: desiredState().notNull().default("running"),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    containerId: text(),
    port: integer(),
    isTrial: boolean().notNull().default(false),
    trialEndsAt: timestamp({ withTimezone: true }),
    readyAt: timestamp({ withTimezone: true }),
    suspendedAt: timestamp({ withTimezone: true }),
    // Why the latest suspension happened, as the customer is told; staff suspensions are lifted only by staff.
    suspensionReason: text(),
    suspendedByStaff: boolean().notNull().default(false),
    terminatedAt: timestamp({ withTimezone: true }),
    failureReason: text(),
    // A copy: the backup (of another instance of the same owner) restored into it once it first runs.
    restoreFromBackupId: uuid(),
    // Measured by the measure-disk job: the data volume plus the container's writable layer.
    diskUsedBytes: bigint({ mode: "number" }),
    diskMeasuredAt: timestamp({ withTimezone: true }),
    // Set while usage is over the plan's disk (the customer and staff were told once), cleared below 90%.
    diskOverLimitAt: timestamp({ withTimezone: true }),
    // Set while usage is above 90% of the plan's disk (the customer and staff were told once), cleared below 80%.
    diskNearLimitAt: timestamp({ withTimezone: true }),
    // Set while memory has stayed above 90% of the plan's for ten minutes (told once), cleared below 80%.
    memoryPressureAt: timestamp({ withTimezone: true }),
    // The customer's maintenance window for fleet upgrades, in UTC: two hours from this hour (null: none, upgrades
    // apply as soon as they roll out), every day or on this weekday only (0 = Sunday).
    maintenanceHour: smallint(),
    maintenanceWeekday: smallint(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    check(
      "instances_maintenance_window_check",
      sql`${t.maintenanceHour} is null and ${t.maintenanceWeekday} is null or ${t.maintenanceHour} between 0 and 23 and (${t.maintenanceWeekday} is null or ${t.maintenanceWeekday} between 0 and 6)`,
    ),
    uniqueIndex("instances_slug_key").on(t.slug),
    uniqueIndex("instances_owner_name_key")
      .on(t.ownerId, t.name)
      .where(sql`${t.status} <> 'terminated'`),
    // One trial per account, ever.
    uniqueIndex("instances_owner_trial_key")
      .on(t.ownerId)
      .where(sql`${t.isTrial}`),
    uniqueIndex("instances_host_port_key")
      .on(t.hostId, t.port)
      .where(sql`${t.status} <> 'terminated' and ${t.port} is not null`),
    // Keyset pages of the staff instance list, unfiltered and by each filter.
    index("instances_created_at_id_idx").on(t.createdAt, t.id),
    index("instances_status_created_idx").on(t.status, t.createdAt, t.id),
    index("instances_host_created_idx").on(t.hostId, t.createdAt, t.id),
    index("instances_plan_created_idx").on(t.planId, t.createdAt, t.id),
    index("instances_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    index("instances_stack_idx").on(t.stackId),
    index("instances_live_host_plan_idx")
      .on(t.hostId, t.planId, t.stackId, t.status, t.isTrial)
      .where(sql`${t.status} <> 'terminated'`),
  ],
);
export type Instance = typeof instances.$inferSelect;
export type InstanceStatus = Instance["status"];

export const instanceSshKeys = pgTable(
  "instance_ssh_keys",
  {
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    sshKeyId: uuid()
      .notNull()
      .references(() => sshKeys.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.sshKeyId] }), index("instance_ssh_keys_key_idx").on(t.sshKeyId)],
);

// The timeline shown to the customer.
export const instanceEvents = pgTable(
  "instance_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    type: text().notNull(),
    message: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("instance_events_instance_created_idx").on(t.instanceId, t.createdAt)],
);
export type InstanceEvent = typeof instanceEvents.$inferSelect;

export const backupKind = pgEnum("backup_kind", ["manual", "automatic", "final", "scheduled"]);
export const backupStatus = pgEnum("backup_status", ["pending", "completed", "failed"]);

export const backups = pgTable(
  "backups",
  {
    id: uuid().primaryKey().defaultRandom(),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    kind: backupKind().notNull(),
    status: backupStatus().notNull().default("pending"),
    // local: `path` is relative to BACKUP_DIR; s3: `path` is the object's key in BACKUP_S3_BUCKET.
    storage: text().notNull().default("local"),
    path: text(),
    sizeBytes: bigint({ mode: "number" }),
    // Of the archive as written, hex; checked before a restore (null for backups made before it was recorded).
    sha256: text(),
    // The day (UTC) a scheduled backup stands for: one per instance and day, however often the schedule runs.
    scheduledFor: date({ mode: "string" }),
    error: text(),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("backups_instance_idx").on(t.instanceId, t.createdAt),
    uniqueIndex("backups_scheduled_day_key").on(t.instanceId, t.scheduledFor),
  ],
);
export type Backup = typeof backups.$inferSelect;

// Who opened a shell or ran a command through the SSH gateway.
export const sshSessions = pgTable(
  "ssh_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    // The account's email when the session began: the history keeps it after a change of email.
    userEmail: text(),
    keyFingerprint: text().notNull(),
    remoteAddress: text(),
    command: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    exitCode: integer(),
  },
  (t) => [index("ssh_sessions_instance_idx").on(t.instanceId, t.startedAt)],
);
