import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { releases } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { insertCatalog, insertInstance, insertUser } from "@/test/ssh-gateway/fixtures";
import { DEPLOY_IN_PROGRESS, insertRelease, keptBuildNumbers, listReleases, markFailed, markLive } from "./queries";
import { rollBack } from "./rollback";

// The release rows behind the Deploys page: numbering, one deploy at a time, which builds are kept to roll back to,
// and who may see or roll back what.
async function instanceWithReleases() {
  const catalog = await insertCatalog(db, env.DOCKER_HOST);
  const owner = await insertUser(db, "ada");
  const instance = await insertInstance(db, catalog, {
    ownerId: owner.id,
    status: "running",
    containerId: null,
    keyIds: [],
  });
  const push = async (result: "live" | "failed") => {
    const release = await insertRelease(db, {
      instanceId: instance.id,
      kind: "push",
      commitSha: `${"a".repeat(39)}${Math.floor(Math.random() * 10)}`,
      pushedBy: owner.id,
    });
    if ("error" in release) throw new Error(release.error);
    if (result === "live") await markLive(db, release.id, "log");
    else await markFailed(db, release.id, "The build failed (exit code 1): see the build log.", "log");
    return release;
  };
  return { owner, instance, push };
}

describe("releases", () => {
  it("are numbered per instance, one building at a time; a new live one supersedes the last", async () => {
    const { owner, instance, push } = await instanceWithReleases();
    const first = await insertRelease(db, {
      instanceId: instance.id,
      kind: "push",
      commitSha: "a".repeat(40),
      pushedBy: owner.id,
    });
    expect(first).toMatchObject({ number: 1, buildNumber: 1, result: "building" });
    expect(
      await insertRelease(db, { instanceId: instance.id, kind: "push", commitSha: "b".repeat(40), pushedBy: owner.id }),
    ).toEqual({ error: DEPLOY_IN_PROGRESS });
    await markLive(db, (first as { id: string }).id, "log");
    await push("failed");
    await push("live");
    const rows = await db.select().from(releases).where(eq(releases.instanceId, instance.id));
    expect(rows.map((r) => [r.number, r.result]).sort()).toEqual([
      [1, "superseded"],
      [2, "failed"],
      [3, "live"],
    ]);
  });

  it("keep the live build and the four latest others that went live; failed builds are not kept", async () => {
    const { instance, push } = await instanceWithReleases();
    for (let i = 0; i < 7; i++) await push(i === 5 ? "failed" : "live");
    // Builds 1..7, 6 failed, 7 live.
    expect((await keptBuildNumbers(db, instance.id)).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 7]);
    // Activating build 8 keeps it and the four latest others: build 2 goes.
    expect((await keptBuildNumbers(db, instance.id, 8)).sort((a, b) => a - b)).toEqual([3, 4, 5, 7, 8]);
  });

  it("are listed and rolled back only by the instance's owner, and only to a kept build that went live", async () => {
    const { owner, instance, push } = await instanceWithReleases();
    const stranger = await insertUser(db, "eve");
    const v1 = await push("live");
    const v2 = await push("failed");
    await push("live");
    expect(await listReleases(db, stranger.id, instance.id)).toEqual([]);
    expect((await listReleases(db, owner.id, instance.id)).map((r) => r.number)).toEqual([3, 2, 1]);

    expect(await rollBack(db, stranger.id, instance.id, v1.id)).toEqual({ error: "That release does not exist." });
    expect(await rollBack(db, owner.id, instance.id, v2.id)).toEqual({
      error: "Release v2 never went live, so there is nothing to roll back to.",
    });
    const rolled = await rollBack(db, owner.id, instance.id, v1.id);
    expect(rolled).toMatchObject({ number: 4 });
    const [row] = await db
      .select()
      .from(releases)
      .where(eq(releases.id, (rolled as { releaseId: string }).releaseId));
    expect(row).toMatchObject({ kind: "rollback", buildNumber: 1, result: "building", pushedBy: owner.id });
    expect(await rollBack(db, owner.id, instance.id, v1.id)).toEqual({ error: DEPLOY_IN_PROGRESS });
  });
});
