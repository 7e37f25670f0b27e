import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { instances } from "./instances";

// What started a release: a `git push`, a roll back to a kept build, or a change of the environment (same build).
export const releaseKind = pgEnum("release_kind", ["push", "rollback", "environment"]);
export const releaseResult = pgEnum("release_result", ["building", "live", "failed", "superseded"]);

// Each deploy of an instance is a numbered release. A push builds a new build (its directory on the volume is named
// by the release's number); a roll back or an environment change starts an earlier build again as a new release.
export const releases = pgTable(
  "releases",
  {
    id: uuid().primaryKey().defaultRandom(),
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    kind: releaseKind().notNull(),
    // The number of the release whose build this one runs (its own number for a push).
    buildNumber: integer().notNull(),
    commitSha: text().notNull(),
    // The branch a push updated.
    ref: text(),
    pushedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    result: releaseResult().notNull().default("building"),
    failureReason: text(),
    buildLog: text().notNull().default(""),
    buildSeconds: real(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("releases_instance_number_key").on(t.instanceId, t.number),
    // One deploy at a time per instance.
    uniqueIndex("releases_instance_building_key")
      .on(t.instanceId)
      .where(sql`${t.result} = 'building'`),
    index("releases_instance_created_idx").on(t.instanceId, t.createdAt),
  ],
);
export type Release = typeof releases.$inferSelect;
export type ReleaseResult = Release["result"];

// An instance's environment variables; values are AES-256-GCM sealed with ENV_ENCRYPTION_KEY (lib/deploys/seal.ts).
export const instanceEnvVars = pgTable(
  "instance_env_vars",
  {
    instanceId: uuid()
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    name: text().notNull(),
    sealedValue: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("instance_env_vars_instance_name_key").on(t.instanceId, t.name)],
);
export type InstanceEnvVar = typeof instanceEnvVars.$inferSelect;
