import type { Db } from "@/db";
import { PermanentJobError } from "@/jobs/engine";
import type { InstanceParts } from "./spec";
import { markFailed } from "./start-outcome";

// Past this, an instance that could not be placed or created fails instead of waiting on: the customer
// hears why within minutes, not after hours of retries.
export const PROVISION_DEADLINE_MS = 5 * 60_000;
const MINUTES = PROVISION_DEADLINE_MS / 60_000;

type Unplaced = Omit<InstanceParts, "host"> & { host: InstanceParts["host"] | null };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
// Only after a pull was tried: the image is unknown, or no registry could be reached.
const pullFailed = (message: string) => /^Pulling \S+ failed: /.test(message);

// Throws either way: a plain error asks the engine for a retry; once there is no point (the image could not be
// pulled, or the deadline has passed) the instance is marked failed and the run ends failed, listed in /admin/jobs.
export async function failOrRetry(db: Db, parts: Unplaced, problem: unknown): Promise<never> {
  const detail = messageOf(problem);
  const late = Date.now() - parts.instance.statusChangedAt.getTime() > PROVISION_DEADLINE_MS;
  if (!pullFailed(detail) && !late) throw problem instanceof Error ? problem : new Error(detail);
  const reason = pullFailed(detail)
    ? `The ${parts.stack.name} stack's image (${parts.stack.image}) could not be downloaded to our server, so its container cannot be created.`
    : parts.host
      ? `The server it was placed on did not answer for ${MINUTES} minutes.`
      : `No server had room for it for ${MINUTES} minutes (${detail})`;
  await markFailed(db, parts, reason, detail);
  throw new PermanentJobError(`Provisioning failed: ${detail}`);
}
