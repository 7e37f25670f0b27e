import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, releases, stacks, users, type Release } from "@/db/schema";

// How many pushed builds stay on the volume to roll back to (the live one always does).
export const KEPT_BUILDS = 5;
// A release still "building" after this was interrupted (its gateway or worker went away).
const STALE_MINUTES = 30;

export type NewRelease = {
  instanceId: string;
  kind: Release["kind"];
  commitSha: string;
  ref?: string | null;
  pushedBy: string | null;
  /** The release whose build this one starts again; a push builds its own. */
  buildNumber?: number;
};

export const DEPLOY_IN_PROGRESS =
  "Another deploy of this instance is in progress. Wait for it to finish, then try again.";

/** Numbers and inserts a release (building); only one is building per instance at a time. */
export async function insertRelease(db: Db, r: NewRelease): Promise<Release | { error: string }> {
  await db
    .update(releases)
    .set({ result: "failed", failureReason: "The deploy was interrupted.", finishedAt: new Date() })
    .where(
      and(
        eq(releases.instanceId, r.instanceId),
        eq(releases.result, "building"),
        lt(releases.createdAt, sql`now() - make_interval(mins => ${STALE_MINUTES})`),
      ),
    );
  const next = sql<number>`(select coalesce(max(${releases.number}), 0) + 1 from ${releases} where ${releases.instanceId} = ${r.instanceId})`;
  // No exception for "one is building already": callers insert inside their own transactions.
  const [row] = await db
    .insert(releases)
    .values({
      instanceId: r.instanceId,
      kind: r.kind,
      commitSha: r.commitSha,
      ref: r.ref ?? null,
      pushedBy: r.pushedBy,
      number: next,
      buildNumber: r.buildNumber ?? next,
    })
    .onConflictDoNothing({ target: releases.instanceId, where: sql`${releases.result} = 'building'` })
    .returning();
  return row ?? { error: DEPLOY_IN_PROGRESS };
}

export async function getRelease(db: Db, id: string) {
  const [row] = await db.select().from(releases).where(eq(releases.id, id));
  return row ?? null;
}

/** The live release of an instance, if one was ever deployed. */
export async function liveRelease(db: Db, instanceId: string) {
  const [row] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.instanceId, instanceId), eq(releases.result, "live")));
  return row ?? null;
}

/** Marks a release live and the one it replaces superseded. */
export async function markLive(db: Db, id: string, log: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(releases)
      .set({ result: "live", finishedAt: new Date(), buildLog: log })
      .where(and(eq(releases.id, id), eq(releases.result, "building")))
      .returning();
    if (!row) return;
    await tx
      .update(releases)
      .set({ result: "superseded" })
      .where(
        and(eq(releases.instanceId, row.instanceId), eq(releases.result, "live"), sql`${releases.id} <> ${row.id}`),
      );
  });
}

export async function markFailed(db: Db, id: string, reason: string, log: string) {
  const [row] = await db
    .update(releases)
    .set({ result: "failed", failureReason: reason, finishedAt: new Date(), buildLog: log })
    .where(and(eq(releases.id, id), eq(releases.result, "building")))
    .returning();
  return row ?? null;
}

export async function setBuildLog(db: Db, id: string, log: string, buildSeconds?: number) {
  await db
    .update(releases)
    .set({ buildLog: log, ...(buildSeconds === undefined ? {} : { buildSeconds }) })
    .where(eq(releases.id, id));
}

/**
 * The builds kept on the volume: the live one's and the latest KEPT_BUILDS - 1 other pushed builds that went live.
 * `liveBuild`: the build about to go live, for the activation that deletes the others.
 */
export async function keptBuildNumbers(db: Db, instanceId: string, liveBuild?: number): Promise<number[]> {
  const live = liveBuild ?? (await liveRelease(db, instanceId))?.buildNumber;
  const others = await db
    .selectDistinct({ buildNumber: releases.buildNumber })
    .from(releases)
    .where(
      and(
        eq(releases.instanceId, instanceId),
        inArray(releases.result, ["live", "superseded"]),
        live === undefined ? undefined : ne(releases.buildNumber, live),
      ),
    )
    .orderBy(desc(releases.buildNumber))
    .limit(live === undefined ? KEPT_BUILDS : KEPT_BUILDS - 1);
  return [...(live === undefined ? [] : [live]), ...others.map((b) => b.buildNumber)];
}

/** One instance's releases, newest first, only for its owner. */
export function listReleases(db: Db, ownerId: string, instanceId: string) {
  return db
    .select({
      id: releases.id,
      number: releases.number,
      kind: releases.kind,
      buildNumber: releases.buildNumber,
      commitSha: releases.commitSha,
      ref: releases.ref,
      result: releases.result,
      failureReason: releases.failureReason,
      buildSeconds: releases.buildSeconds,
      createdAt: releases.createdAt,
      finishedAt: releases.finishedAt,
      pushedByEmail: users.email,
    })
    .from(releases)
    .innerJoin(instances, eq(instances.id, releases.instanceId))
    .leftJoin(users, eq(users.id, releases.pushedBy))
    .where(and(eq(releases.instanceId, instanceId), eq(instances.ownerId, ownerId)))
    .orderBy(desc(releases.number));
}

/** One release with its build log, only for the instance's owner. */
export async function ownedRelease(db: Db, ownerId: string, instanceId: string, number: number) {
  const [row] = await db
    .select({ release: releases })
    .from(releases)
    .innerJoin(instances, eq(instances.id, releases.instanceId))
    .where(and(eq(releases.instanceId, instanceId), eq(releases.number, number), eq(instances.ownerId, ownerId)));
  return row?.release ?? null;
}

export type DeployTarget = {
  instanceId: string;
  ownerId: string;
  name: string;
  slug: string;
  status: (typeof instances.$inferSelect)["status"];
  containerId: string | null;
  endpoint: string | null;
  stackSlug: string;
  healthPath: string;
  volumePath: string;
};

/** What a deploy needs to know of an instance: its container, its host and its stack. */
export async function deployTarget(db: Db, instanceId: string): Promise<DeployTarget | null> {
  const [row] = await db
    .select({
      instanceId: instances.id,
      ownerId: instances.ownerId,
      name: instances.name,
      slug: instances.slug,
      status: instances.status,
      containerId: instances.containerId,
      endpoint: hosts.endpoint,
      stackSlug: stacks.slug,
      healthPath: stacks.healthPath,
      volumePath: stacks.volumePath,
    })
    .from(instances)
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .where(eq(instances.id, instanceId));
  return row ?? null;
}

/** The newest release of an instance and its live one (either may be missing). */
export async function latestReleases(db: Db, instanceId: string): Promise<[Release | null, Release | null]> {
  const [latest] = await db
    .select()
    .from(releases)
    .where(eq(releases.instanceId, instanceId))
    .orderBy(desc(releases.number))
    .limit(1);
  return [latest ?? null, await liveRelease(db, instanceId)];
}
