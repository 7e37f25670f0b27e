import { eq } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { instances } from "@/db/schema";
import { inspectContainer, stageContainer, swapContainer } from "@/lib/providers/docker";
import { hasImage } from "@/lib/providers/docker-pull";
import { createBackupRow, restoreBackup, writeBackup } from "./backups";
import { recordEvent } from "./events";
import { pullWithProgress } from "./image-pull";
import { statusOf } from "./ready-check";
import { appEndpoint, containerSpec, type InstanceParts } from "./spec";

const HEALTHY_WITHIN_MS = 15_000;

export type UpgradeResult = {
  outcome: "upgraded" | "rolled_back";
  fromImage: string;
  downtimeMs: number;
  error?: string;
};

// One running instance onto `image`: the image pulled and a backup taken first, its app's container replaced by one
// of the new image (the relay, its namespace and the data volume stay), health-checked; one that does not answer
// gets its old image back, with the backup restored over whatever the new one wrote. The downtime is from the old
// container's stop to the health path answering: each new container is made before the old one stops.
export async function upgradeInstance(db: Db, parts: InstanceParts, image: string): Promise<UpgradeResult> {
  const { instance, host } = parts;
  const current = instance.containerId ? await inspectContainer(host.endpoint, instance.containerId) : null;
  const fromImage = current?.Config.Image ?? parts.stack.image;
  if (!(await hasImage(host.endpoint, image)))
    await pullWithProgress(db, instance.id, { endpoint: host.endpoint, image });
  const backup = await writeBackup(db, parts, await createBackupRow(db, instance.id, "automatic"));

  const { parts: upgraded, swappedAt: started } = await replace(db, parts, image);
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
  const { parts: back } = await replace(db, parts, fromImage);
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

// The app's container, made again from `image` and swapped in; the instance row follows it. `swappedAt` is when
// the old one began to stop.
async function replace(db: Db, parts: InstanceParts, image: string) {
  const spec = { ...containerSpec(parts), image };
  const staged = await stageContainer(spec);
  const swappedAt = performance.now();
  await swapContainer(spec, staged);
  await db.update(instances).set({ containerId: staged.stagedId }).where(eq(instances.id, parts.instance.id));
  return { parts: { ...parts, instance: { ...parts.instance, containerId: staged.stagedId } }, swappedAt };
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
