import type { Db } from "@/db";
import type { Release } from "@/db/schema";
import { notifyReleaseFailed } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { recordEvent } from "@/lib/instances/events";
import { errorMessage } from "@/lib/providers/docker-client";
import { execStreaming } from "@/lib/providers/docker-exec";
import { envVarValues } from "./env-queries";
import { insertRelease, keptBuildNumbers, markFailed, markLive, setBuildLog, type DeployTarget } from "./queries";
import { activateScript, buildScript, deployStackOf, FAIL_MARK, type DeployStack } from "./scripts";

// How long a new release has to answer its health path, and how long the one it replaces keeps its connections.
export const HEALTH_TIMEOUT_SECONDS = 60;
export const GRACE_SECONDS = 0.5;

/** What the customer reads as the deploy goes (the push's stderr), and the build log kept with the release. */
export type DeployOutput = (text: string) => void;

type Running = { target: DeployTarget & { containerId: string; endpoint: string }; stack: DeployStack };

export function runnable(target: DeployTarget | null): Running | { error: string } {
  if (!target) return { error: "This instance does not exist." };
  const stack = deployStackOf(target.stackSlug);
  if (!stack)
    return {
      error:
        "This instance's stack does not take git push deploys: copy your code over SSH (a static site takes sftp and scp).",
    };
  if (target.status !== "running" || !target.containerId || !target.endpoint)
    return { error: "This instance is not running, so it cannot be deployed to right now." };
  return { target: { ...target, containerId: target.containerId, endpoint: target.endpoint }, stack };
}

function logger(out: DeployOutput) {
  let log = "";
  return {
    write: (text: string) => {
      log += text;
      out(text);
    },
    text: () => log,
  };
}

/** A pushed commit: a new release, built in the instance, started once it answers. */
export async function deployPush(
  db: Db,
  r: Running,
  push: { sha: string; ref: string; userId: string },
  out: DeployOutput,
): Promise<{ release: Release; live: boolean }> {
  const inserted = await insertRelease(db, {
    instanceId: r.target.instanceId,
    kind: "push",
    commitSha: push.sha,
    ref: push.ref,
    pushedBy: push.userId,
  });
  if ("error" in inserted) {
    out(`${inserted.error}\n`);
    throw new DeployRefused(inserted.error);
  }
  const release = inserted;
  const log = logger(out);
  log.write(`-----> Building release v${release.number} (${push.sha.slice(0, 7)}, ${shortRef(push.ref)})\n`);
  const started = Date.now();
  let code: number;
  try {
    code = await execStreaming(
      r.target.endpoint,
      r.target.containerId,
      [
        "/bin/sh",
        "-c",
        buildScript({ volumePath: r.target.volumePath, stack: r.stack, number: release.number, sha: push.sha }),
      ],
      (chunk) => log.write(chunk.toString("utf8")),
    );
  } catch (error) {
    return { release, live: await fail(db, release, `The build could not run: ${errorMessage(error)}`, log) };
  }
  const buildSeconds = (Date.now() - started) / 1000;
  await setBuildLog(db, release.id, log.text(), buildSeconds);
  if (code !== 0)
    return { release, live: await fail(db, release, `The build failed (exit code ${code}): see the build log.`, log) };
  log.write(`-----> Build finished in ${buildSeconds.toFixed(1)} s\n`);
  return { release, live: await activate(db, r, release, log) };
}

/** Starts an existing release's build as the release `release` (a roll back or an environment change). */
export async function activateRelease(db: Db, r: Running, release: Release, out: DeployOutput = () => {}) {
  const log = logger(out);
  return activate(db, r, release, log);
}

async function activate(db: Db, r: Running, release: Release, log: ReturnType<typeof logger>): Promise<boolean> {
  let code: number;
  try {
    const env = await envVarValues(db, r.target.instanceId);
    const script = activateScript({
      volumePath: r.target.volumePath,
      stack: r.stack,
      number: release.number,
      buildNumber: release.buildNumber,
      healthPath: r.target.healthPath,
      env,
      timeoutSeconds: HEALTH_TIMEOUT_SECONDS,
      graceSeconds: GRACE_SECONDS,
      // The builds kept once this one is live: it may push the oldest out.
      keepBuilds: await keptBuildNumbers(db, r.target.instanceId, release.buildNumber),
    });
    code = await execStreaming(r.target.endpoint, r.target.containerId, ["/bin/sh", "-c", script], (chunk) =>
      log.write(chunk.toString("utf8").replaceAll(`${FAIL_MARK} `, "!     ")),
    );
  } catch (error) {
    return fail(db, release, `The release could not be started: ${errorMessage(error)}`, log);
  }
  if (code !== 0) {
    const said = log
      .text()
      .split("\n")
      .reverse()
      .find((line) => line.startsWith("!     "));
    if (said) return fail(db, release, said.slice(6).trim(), log, { told: true });
    return fail(db, release, `The release could not be started (exit code ${code}).`, log);
  }
  log.write(`-----> Release v${release.number} is live\n`);
  await markLive(db, release.id, log.text());
  await recordEvent(db, r.target.instanceId, {
    type: "release.live",
    message: `${describe(release)} is live.`,
    data: { release: release.number, commit: release.commitSha },
    actorId: release.pushedBy,
  });
  return true;
}

// The previous release keeps serving; the customer reads why in the push, on the Deploys page and by email.
async function fail(
  db: Db,
  release: Release,
  reason: string,
  log: ReturnType<typeof logger>,
  o: { told?: boolean } = {},
): Promise<false> {
  log.write(`${o.told ? "" : `!     ${reason}\n`}!     The previous release keeps serving.\n`);
  await db.transaction(async (tx) => {
    const failed = await markFailed(tx, release.id, reason, log.text());
    if (failed)
      await enqueue(
        notifyReleaseFailed,
        { releaseId: release.id },
        { idempotencyKey: `release-failed:${release.id}` },
        tx,
      );
  });
  await recordEvent(db, release.instanceId, {
    type: "release.failed",
    message: `${describe(release)} failed: ${reason} The previous release keeps serving.`,
    data: { release: release.number, commit: release.commitSha },
    actorId: release.pushedBy,
  });
  return false;
}

export class DeployRefused extends Error {}

const shortRef = (ref: string) => ref.replace(/^refs\/heads\//, "");

export function describe(release: Pick<Release, "number" | "kind" | "buildNumber" | "commitSha">) {
  const sha = release.commitSha.slice(0, 7);
  switch (release.kind) {
    case "push":
      return `Release v${release.number} (${sha})`;
    case "rollback":
      return `Release v${release.number} (a roll back to v${release.buildNumber}, ${sha})`;
    case "environment":
      return `Release v${release.number} (the new environment, ${sha})`;
  }
}
