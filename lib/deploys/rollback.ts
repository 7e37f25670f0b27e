import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, releases } from "@/db/schema";
import { activateReleaseJob } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { recordEvent } from "@/lib/instances/events";
import { insertRelease, keptBuildNumbers, liveRelease } from "./queries";
import { deployStackOf } from "./scripts";

export type RollBackResult = { error: string } | { releaseId: string; number: number };

/**
 * "Roll back" on the Deploys page: the owner's instance starts the kept build of an earlier release again, as a new
 * release (started by the activate-release job, health-checked before it takes traffic). On the timeline.
 */
export async function rollBack(
  db: Db,
  userId: string,
  instanceId: string,
  toReleaseId: string,
): Promise<RollBackResult> {
  const [row] = await db
    .select({ release: releases, instance: instances })
    .from(releases)
    .innerJoin(instances, eq(instances.id, releases.instanceId))
    .where(
      and(
        eq(releases.id, toReleaseId),
        eq(releases.instanceId, instanceId),
        eq(instances.ownerId, userId),
        ne(instances.status, "terminated"),
      ),
    );
  if (!row) return { error: "That release does not exist." };
  const { release: to, instance } = row;
  if (instance.status !== "running") return { error: "The instance is not running: start it before rolling back." };
  if (to.result !== "live" && to.result !== "superseded")
    return { error: `Release v${to.number} never went live, so there is nothing to roll back to.` };
  const live = await liveRelease(db, instanceId);
  if (live?.buildNumber === to.buildNumber && live.id === to.id)
    return { error: `Release v${to.number} is already live.` };
  if (!(await keptBuildNumbers(db, instanceId)).includes(to.buildNumber))
    return { error: `The build of release v${to.number} is no longer kept. Push its commit again to deploy it.` };

  return db.transaction(async (tx) => {
    const release = await insertRelease(tx, {
      instanceId,
      kind: "rollback",
      commitSha: to.commitSha,
      ref: to.ref,
      pushedBy: userId,
      buildNumber: to.buildNumber,
    });
    if ("error" in release) return release;
    await enqueue(activateReleaseJob, { releaseId: release.id }, { idempotencyKey: `activate:${release.id}` }, tx);
    await recordEvent(tx, instanceId, {
      type: "release.rollback",
      message: `Rolling back to release v${to.number} (${to.commitSha.slice(0, 7)}) as release v${release.number}.`,
      data: { release: release.number, to: to.number },
      actorId: userId,
    });
    return { releaseId: release.id, number: release.number };
  });
}

/** Whether the instance's stack takes `git push` deploys (the Deploys page says how otherwise). */
export const deploysSupported = (stackSlug: string) => deployStackOf(stackSlug) !== null;
