import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, releases, users } from "@/db/schema";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";

// Once per failed release (the email's key is the release's): its owner reads why and what still serves.
export async function notifyFailedRelease(db: Db, releaseId: string) {
  const [row] = await db
    .select({ release: releases, instance: instances, owner: users })
    .from(releases)
    .innerJoin(instances, eq(instances.id, releases.instanceId))
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(eq(releases.id, releaseId));
  if (!row || row.release.result !== "failed") return { sent: false };
  const { release, instance, owner } = row;
  const [previous] = await db
    .select({ number: releases.number })
    .from(releases)
    .where(and(eq(releases.instanceId, instance.id), eq(releases.result, "live"), lt(releases.number, release.number)))
    .orderBy(desc(releases.number))
    .limit(1);
  return sendEmail(db, {
    to: owner.email,
    userId: owner.id,
    template: "release-failed",
    dedupeKey: `release-failed:${release.id}`,
    props: {
      name: owner.name ?? "there",
      instanceName: instance.name,
      release: release.number,
      commit: release.commitSha.slice(0, 7),
      reason: release.failureReason ?? "it did not start.",
      previous: previous?.number ?? null,
      deploysUrl: appUrl(`/instances/${instance.id}/deploys`),
    },
  });
}
