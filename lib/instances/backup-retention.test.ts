import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { backups, instanceEvents, instances, type Backup } from "@/db/schema";
import { env } from "@/lib/env";
import { pruneExpiredBackups } from "./backup-retention";
import { catalogIds, customerWithKey } from "@/test/instances/world";

afterAll(() => closeDb());

const DAY = 86_400_000;

async function instance(ownerId: string, status: "running" | "terminated", terminatedAt: Date | null = null) {
  const slug = `keep-${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(instances)
    .values({ ownerId, name: slug, slug, ...(await catalogIds()), status, terminatedAt })
    .returning();
  return row!;
}

// Backups kept in BACKUP_DIR, as they were before object storage (and are where it is not configured).
const backupFile = (b: Backup) => path.resolve(env.BACKUP_DIR, b.path!);

// A completed backup with a real archive file in BACKUP_DIR.
async function backup(instanceId: string, kind: Backup["kind"], expiresAt: Date | null) {
  const id = randomUUID();
  const relative = path.join(instanceId, `${id}.tar`);
  await mkdir(path.dirname(path.resolve(env.BACKUP_DIR, relative)), { recursive: true });
  await writeFile(path.resolve(env.BACKUP_DIR, relative), "archive");
  const [row] = await db
    .insert(backups)
    .values({
      id,
      instanceId,
      kind,
      status: "completed",
      path: relative,
      sizeBytes: 7,
      expiresAt,
      completedAt: new Date(),
    })
    .returning();
  return row!;
}

describe("backup retention", () => {
  it("deletes backups whose retention ended, file and row, and keeps the rest", async () => {
    const { user } = await customerWithKey("retention");
    const now = new Date();
    const running = await instance(user.id, "running");
    const longGone = await instance(user.id, "terminated", new Date(now.getTime() - (env.RETENTION_DAYS + 1) * DAY));
    const recentlyGone = await instance(user.id, "terminated", new Date(now.getTime() - DAY));

    const expiredAutomatic = await backup(running.id, "automatic", new Date(now.getTime() - 60_000));
    const keptAutomatic = await backup(running.id, "automatic", new Date(now.getTime() + DAY));
    const keptManual = await backup(running.id, "manual", null);
    const expiredFinal = await backup(longGone.id, "final", new Date(now.getTime() - DAY));
    const manualOfLongGone = await backup(longGone.id, "manual", null);
    const keptFinal = await backup(recentlyGone.id, "final", new Date(now.getTime() + (env.RETENTION_DAYS - 1) * DAY));
    const manualOfRecentlyGone = await backup(recentlyGone.id, "manual", null);

    const gone = [expiredAutomatic, expiredFinal, manualOfLongGone];
    const kept = [keptAutomatic, keptManual, keptFinal, manualOfRecentlyGone];
    const result = await pruneExpiredBackups(db, now);
    expect(result.deleted).toBeGreaterThanOrEqual(gone.length);

    const left = (
      await db
        .select({ id: backups.id })
        .from(backups)
        .where(
          inArray(
            backups.id,
            [...gone, ...kept].map((b) => b.id),
          ),
        )
    ).map((b) => b.id);
    expect(left.sort()).toEqual(kept.map((b) => b.id).sort());
    for (const b of gone) expect(existsSync(backupFile(b))).toBe(false);
    for (const b of kept) expect(existsSync(backupFile(b))).toBe(true);

    const events = await db.select().from(instanceEvents).where(eq(instanceEvents.type, "backup.deleted"));
    const mine = events.filter((e) => gone.some((b) => (e.data as { backupId?: string }).backupId === b.id));
    expect(mine).toHaveLength(3);
    expect(mine.find((e) => e.instanceId === running.id)?.message).toMatch(
      /automatic backup of .* was deleted: its retention period ended/,
    );

    // Again: nothing more to do, nothing kept is touched.
    await pruneExpiredBackups(db, now);
    expect(
      await db.$count(
        backups,
        inArray(
          backups.id,
          kept.map((b) => b.id),
        ),
      ),
    ).toBe(kept.length);
  });
});
