import type { AcceptConnection, RejectConnection, ServerChannel, Session } from "ssh2";
import type { Db } from "@/db";
import { errorMessage } from "@/lib/providers/docker-client";
import {
  decideAccess,
  explainLine,
  PROBE_COMMAND,
  probeOnlyMessage,
  probeTooEarlyMessage,
  type Access,
  type Target,
} from "./access";
import { startContainerSession, type ContainerSession, type Pty } from "./docker-session";
import { parseGitCommand } from "@/lib/deploys/git-command";
import { deployTarget } from "@/lib/deploys/queries";
import { receivePush } from "./git-push";
import { sftpCommand } from "./sftp";
import { loadAccessFacts, recordSessionEnd, recordSessionStart } from "./records";

export type Identity = { slug: string; fingerprint: string; remoteAddress: string | null };
export type SessionContext = {
  db: Db;
  probeFingerprint: string;
  identity: Identity;
  log: (line: string) => void;
  /** Keeps the gateway's stop() waiting until the session's record is written. */
  track: (work: Promise<unknown>) => void;
};

const SHELL = ["/bin/sh"];

// One SSH "session" channel: an optional pty, then one exec or shell request or the sftp subsystem, nothing else
// (no agent or X11).
export function handleSession(ctx: SessionContext, accept: AcceptConnection<Session>, _reject: RejectConnection) {
  const session = accept();
  let pty: Pty | null = null;
  let running: ContainerSession | null = null;
  session.on("pty", (ok, _no, info) => {
    pty = { term: info.term, cols: info.cols, rows: info.rows };
    ok?.();
  });
  session.on("window-change", (ok, _no, info) => {
    if (pty) Object.assign(pty, { cols: info.cols, rows: info.rows });
    running?.resize(info.cols, info.rows);
    ok?.();
  });
  const start = (channel: ServerChannel, command: string | null, sftp = false) => {
    const gone = new AbortController();
    channel.once("close", () => gone.abort());
    channel.on("error", (error: Error) => ctx.log(`ssh ${ctx.identity.slug}: channel error: ${error.message}`));
    ctx.track(run({ ...ctx, channel, pty, sftp, signal: gone.signal, started: (s) => (running = s) }, command));
  };
  session.on("exec", (ok, _no, info) => start(ok(), info.command));
  session.on("shell", (ok) => start(ok(), null));
  session.on("subsystem", (ok, no, info) => (info.name === "sftp" ? start(ok(), null, true) : no?.()));
}

type Run = SessionContext & {
  channel: ServerChannel;
  pty: Pty | null;
  sftp: boolean;
  signal: AbortSignal;
  started: (s: ContainerSession) => void;
};

async function run(r: Run, command: string | null) {
  const { identity, db, channel } = r;
  const say = (message: string) => finish(channel, 1, explainLine(message, r.pty !== null));
  let access: Access;
  try {
    // Decided again for every session: a suspension or a detached key takes effect on connections already open.
    access = decideAccess(await loadAccessFacts(db, identity.slug, identity.fingerprint, r.probeFingerprint));
  } catch (error) {
    r.log(`ssh ${identity.slug}: access check failed: ${errorMessage(error)}`);
    return say("Berth could not check your access right now. Please try again in a minute.");
  }
  if (access.kind === "refuse") return say("This key no longer has access to this instance.");
  if (access.kind === "explain") return say(access.message);
  if (r.signal.aborted) return;
  if (access.kind === "probe") {
    if (command !== PROBE_COMMAND || r.pty || r.sftp) return say(probeOnlyMessage);
    if (!access.target) return say(probeTooEarlyMessage);
    return finish(channel, (await exec(r, access.target, ["/bin/sh", "-c", command], { stdin: false })) ?? 1);
  }

  const git = r.sftp ? null : parseGitCommand(command);
  if (git?.kind === "refused") return say(git.message);

  let id: string;
  try {
    const { instanceId } = access.target;
    id = await recordSessionStart(db, {
      instanceId,
      userId: access.userId,
      keyFingerprint: identity.fingerprint,
      remoteAddress: identity.remoteAddress,
      command: r.sftp ? "sftp" : command,
    });
  } catch (error) {
    // Access that cannot be recorded is not given.
    r.log(`ssh ${identity.slug}: could not record the session: ${errorMessage(error)}`);
    return say("Berth could not start your session right now. Please try again in a minute.");
  }
  const exitCode = git
    ? await receivePush({ ...r, target: access.target, userId: access.userId }).catch((error: unknown) => {
        r.log(`ssh ${identity.slug}: push failed: ${errorMessage(error)}`);
        channel.stderr.write(explainLine("The push could not be deployed. Try again in a minute.", false));
        return 1;
      })
    : r.sftp
      ? await exec(r, access.target, sftpCommand((await deployTarget(db, access.target.instanceId))?.volumePath ?? "/"))
      : await exec(r, access.target, command === null ? SHELL : ["/bin/sh", "-c", command]);
  await recordSessionEnd(db, id, exitCode).catch((error: unknown) =>
    r.log(`ssh ${identity.slug}: could not record the end of session ${id}: ${errorMessage(error)}`),
  );
  finish(channel, exitCode ?? 1);
}

// Never throws: a failure is told to the client and returned as null.
async function exec(r: Run, target: Target, cmd: string[], o: { stdin?: boolean } = {}): Promise<number | null> {
  const { channel, pty, signal } = r;
  try {
    const session = await startContainerSession({
      endpoint: target.endpoint,
      containerId: target.containerId,
      cmd,
      pty,
      channel,
      signal,
      stdin: o.stdin,
    });
    r.started(session);
    // A window-change that came while the exec was being created has only updated `pty`.
    if (pty) session.resize(pty.cols, pty.rows);
    return await session.exitCode;
  } catch (error) {
    if (signal.aborted) return null;
    r.log(`ssh ${r.identity.slug}: docker exec failed: ${errorMessage(error)}`);
    channel.stderr.write(
      explainLine(
        "The instance's container could not be reached. Try again in a minute; if it persists, contact support.",
        pty !== null,
      ),
    );
    return null;
  }
}

// stderr is a stream of its own: let it drain before the exit status and the channel close.
function finish(channel: ServerChannel, exitCode: number, stderr = "") {
  channel.stderr.write(stderr, () => {
    channel.exit(exitCode);
    channel.end();
  });
}
