import { eq } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { instances } from "@/db/schema";
import { ensureContainer, inspectContainer, removeContainer } from "@/lib/providers/docker";
import { createBackupRow, restoreBackup, writeBackup } from "./backups";
import { recordEvent } from "./events";
import { statusOf } from "./ready-check";
import { appEndpoint, containerSpec, type InstanceParts } from "./spec";

const HEALTHY_WITHIN_MS = 15_000;

export type UpgradeResult = {
  outcome: "upgraded" | "rolled_back";
  fromImage: string;
  downtimeMs: number;
  error?: string;
};

// One running instance onto `image`: backed up first, its app's container replaced by one of the new image (the
// relay, its namespace and the data volume stay), health-checked; one that does not answer gets its old image
// back, with the backup restored over whatever the new one wrote.
export async function upgradeInstance(db: Db, parts: InstanceParts, image: string): Promise<UpgradeResult> {
  const { instance, host } = parts;
  const current = await inspectContainer(host.endpoint, instance.containerId!);
  const fromImage = current?.Config.Image ?? parts.stack.image;
  const backup = await writeBackup(db, parts, await createBackupRow(db, instance.id, "automatic"));

  const started = performance.now();
  const upgraded = await replace(db, parts, image);
  const problem = await healthy(upgraded);
  if (!problem) {
    const downtimeMs = Math.round(performance.now() - started);
    await recordEvent(db, instance.id, {
      type: "instance.upgraded",
      message: `Upgraded to ${image} (it was unavailable for ${downtimeMs} ms); a backup was taken first.`,
      data: { image, fromImage, backupId: backup.id },
    });
    return { outcome: "upgraded", fromImage, downtimeMs };
  }
  const back = await replace(db, parts, fromImage);
  await restoreBackup(back, backup);
  const still = await healthy(back);
  const downtimeMs = Math.round(performance.now() - started);
  await recordEvent(db, instance.id, {
    type: "instance.upgrade_rolled_back",
    message: `The upgrade to ${image} did not become healthy (${problem}); it runs ${fromImage} again, with its data as before the upgrade.${still ? ` It does not answer yet either: ${still}` : ""}`,
    data: { image, fromImage, backupId: backup.id },
  });
  return { outcome: "rolled_back", fromImage, downtimeMs, error: problem };
}

// The app's container, made again from `image`; the instance row follows it.
async function replace(db: Db, parts: InstanceParts, image: string): Promise<InstanceParts> {
  const [row] = await db
    .select({ containerId: instances.containerId })
    .from(instances)
    .where(eq(instances.id, parts.instance.id));
  if (row?.containerId) await removeContainer(parts.host.endpoint, row.containerId);
  const made = await ensureContainer({ ...containerSpec(parts), image });
  await db.update(instances).set({ containerId: made.id }).where(eq(instances.id, parts.instance.id));
  return { ...parts, instance: { ...parts.instance, containerId: made.id } };
}

// Null once the health path answers 2xx, else what went wrong last.
async function healthy(parts: InstanceParts): Promise<string | null> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let last = "no answer";
  for (let pause = 5; Date.now() < deadline; pause = Math.min(pause * 2, 250)) {
    try {
      const status = await statusOf(appEndpoint(parts), parts.stack.healthPath, 2000);
      if (status >= 200 && status < 300) return null;
      last = `the health check at ${parts.stack.healthPath} answered ${status}`;
    } catch (error) {
      last = `the health check at ${parts.stack.healthPath} did not answer: ${(error as Error).message}`;
    }
    await sleep(pause);
  }
  return last;
}
