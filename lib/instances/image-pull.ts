import type { Db } from "@/db";
import type { Host } from "@/db/schema";
import { listActiveStacks } from "@/lib/catalog/queries";
import { ensureContainer, type ContainerSpec } from "@/lib/providers/docker";
import { hasImage, megabytes, pullImage, type PullProgress } from "@/lib/providers/docker-pull";
import { recordEvent } from "./events";

// The timeline gets a line when the download starts, one every few seconds while it runs, and one when it is done.
const PROGRESS_EVERY_MS = 5000;

export const missingImage = (message: string) => /is not on this Docker host/.test(message);

// Creates the instance's container; on a host that lacks the stack's image, pulls it first (with its progress on the
// instance's timeline) and creates it then. A pull that fails throws "Pulling <image> failed: …".
export async function ensureContainerPulling(db: Db, instanceId: string, spec: ContainerSpec) {
  try {
    return await ensureContainer(spec);
  } catch (error) {
    if (!(error instanceof Error) || !missingImage(error.message)) throw error;
  }
  await pullWithProgress(db, instanceId, spec);
  return ensureContainer(spec);
}

// Pulls `image` onto the host, its progress on the instance's timeline. A pull that fails throws
// "Pulling <image> failed: …".
export async function pullWithProgress(
  db: Db,
  instanceId: string,
  { endpoint, image }: { endpoint: string; image: string },
) {
  await recordEvent(db, instanceId, {
    type: "image.pulling",
    message: `Pulling ${image} …`,
    data: { image },
  });
  const started = Date.now();
  let lastReport = started;
  let writes = Promise.resolve();
  const onProgress = (p: PullProgress) => {
    if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    const message = `Pulling ${image} … ${megabytes(p.bytes)} of ${megabytes(p.totalBytes)}`;
    writes = writes
      .then(() => recordEvent(db, instanceId, { type: "image.pulling", message, data: { image, bytes: p.bytes } }))
      .catch(() => {});
  };
  try {
    const { sizeBytes } = await pullImage(endpoint, image, onProgress);
    await writes;
    const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
    await recordEvent(db, instanceId, {
      type: "image.pulled",
      message: `Pulled ${image} … ${megabytes(sizeBytes)} in ${seconds} s`,
      data: { image, sizeBytes },
    });
  } finally {
    await writes;
  }
}

export type PrePullResult = { present: string[]; pulled: string[]; failed: { image: string; reason: string }[] };

// A host that has just been added gets every active stack's image before its first instance needs one. Images it
// has already are left alone; one that cannot be pulled is reported and pulled again when an instance needs it.
export async function prePullStackImages(db: Db, host: Pick<Host, "endpoint">): Promise<PrePullResult> {
  const images = [...new Set((await listActiveStacks(db)).map((s) => s.image))].sort();
  const result: PrePullResult = { present: [], pulled: [], failed: [] };
  for (const image of images) {
    if (await hasImage(host.endpoint, image)) result.present.push(image);
    else
      await pullImage(host.endpoint, image).then(
        () => result.pulled.push(image),
        (error: Error) => result.failed.push({ image, reason: error.message }),
      );
  }
  return result;
}
