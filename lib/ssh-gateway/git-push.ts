import type { ServerChannel } from "ssh2";
import type { Db } from "@/db";
import { deployPush, DeployRefused, runnable } from "@/lib/deploys/deploy";
import { deployTarget, latestReleases } from "@/lib/deploys/queries";
import { ensureRepoScript, refsScript, repoPath } from "@/lib/deploys/scripts";
import { errorMessage } from "@/lib/providers/docker-client";
import { execInContainer } from "@/lib/providers/docker-exec";
import { explainLine, type Target } from "./access";
import { startContainerSession } from "./docker-session";

type Refs = Map<string, string>;

const parseRefs = (text: string): Refs =>
  new Map(
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [sha, ref] = line.split(" ") as [string, string];
        return [ref, sha];
      }),
  );

// The branch a push deploys: one it updated (main or master first), or, when it updated none ("Everything
// up-to-date"), the main branch again if its head is the commit whose deploy failed last, so pushing again retries.
export function branchToDeploy(
  before: Refs,
  after: Refs,
  failedSha: string | null,
): { ref: string; sha: string } | null {
  const order = (refs: string[]) =>
    refs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((ref) => ({ ref, sha: after.get(ref)! }));
  const changed = order([...after.keys()].filter((ref) => before.get(ref) !== after.get(ref)));
  if (changed[0]) return changed[0];
  const head = order([...after.keys()])[0];
  return head && head.sha === failedSha ? head : null;
}
const rank = (ref: string) => (ref === "refs/heads/main" ? 0 : ref === "refs/heads/master" ? 1 : 2);

/**
 * `git push <slug>@<gateway>:app`: git-receive-pack runs in the instance's container on the bare repository in its
 * volume, wired to the channel; then the pushed branch is built and started as a new release, its log on stderr.
 * Resolves to the exit status the client gets (0: the release is live, or there was nothing to deploy).
 */
export async function receivePush(o: {
  db: Db;
  channel: ServerChannel;
  signal: AbortSignal;
  target: Target;
  userId: string;
  log: (line: string) => void;
}): Promise<number> {
  const { db, channel, target } = o;
  const say = (text: string) => channel.stderr.write(text);
  const running = runnable(await deployTarget(db, target.instanceId));
  if ("error" in running) {
    say(explainLine(running.error, false));
    return 1;
  }
  const { endpoint, containerId, volumePath } = running.target;
  const sh = async (script: string) => {
    const result = await execInContainer(endpoint, containerId, ["/bin/sh", "-c", script]);
    if (result.exitCode !== 0) throw new Error(result.stderr.trim() || `exit code ${result.exitCode}`);
    return result.stdout;
  };
  let before: Refs;
  try {
    before = parseRefs(await sh(ensureRepoScript(volumePath)));
  } catch (error) {
    o.log(`ssh ${target.instanceId}: preparing the repository failed: ${errorMessage(error)}`);
    say(explainLine("The instance could not take the push: its image may lack git. Contact support.", false));
    return 1;
  }

  const session = await startContainerSession({
    endpoint,
    containerId,
    cmd: ["git-receive-pack", repoPath(volumePath)],
    pty: null,
    channel,
    signal: o.signal,
  });
  const received = await session.exitCode;
  if (received !== 0 || o.signal.aborted) return received ?? 1;

  const after = parseRefs(await sh(refsScript(volumePath)));
  const [latest] = await latestReleases(db, target.instanceId);
  const branch = branchToDeploy(before, after, latest?.result === "failed" ? latest.commitSha : null);
  if (!branch) return 0;
  try {
    const { live: isLive } = await deployPush(db, running, { ...branch, userId: o.userId }, say);
    return isLive ? 0 : 1;
  } catch (error) {
    if (!(error instanceof DeployRefused)) throw error;
    return 1;
  }
}
