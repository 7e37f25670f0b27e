import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { container, dockerClient, withTimeout } from "./docker-client";

export type ExecResult = { exitCode: number; stdout: string; stderr: string };

// Runs a command in a running container (no TTY, no stdin) and collects its output.
export async function execInContainer(
  endpoint: string,
  id: string,
  cmd: string[],
  opts: { timeoutMs?: number; env?: Record<string, string>; workingDir?: string } = {},
): Promise<ExecResult> {
  const docker = dockerClient(endpoint);
  const exec = await container(endpoint, id).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Env: opts.env && Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: opts.workingDir,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = collect();
  const err = collect();
  docker.modem.demuxStream(stream, out.sink, err.sink);
  try {
    await withTimeout(finished(stream), opts.timeoutMs ?? 60_000, `${cmd.join(" ")} in ${id.slice(0, 12)}`);
  } catch (error) {
    stream.destroy();
    throw error;
  }

  // The output can end a moment before the engine records the exit code.
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 50; i++) {
    await sleep(20);
    info = await exec.inspect();
  }
  return { exitCode: info.ExitCode ?? -1, stdout: out.text(), stderr: err.text() };
}

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
}

// A tar stream of `dataPath` whose entries are relative to it, so restoreVolume can put it back at the same path.
export async function backupVolume(
  endpoint: string,
  containerId: string,
  dataPath: string,
): Promise<NodeJS.ReadableStream> {
  return container(endpoint, containerId).getArchive({ path: archivePath(dataPath) });
}

// Extracts a backup over `dataPath`: files in the backup are restored, files created since are left in place.
export async function restoreVolume(
  endpoint: string,
  containerId: string,
  dataPath: string,
  archive: NodeJS.ReadableStream | Readable | Buffer,
) {
  await container(endpoint, containerId).putArchive(archive, { path: path.posix.normalize(dataPath) });
}

// "<dir>/." makes the Engine archive the directory's contents rather than the directory itself (like `docker cp dir/.`).
const archivePath = (dataPath: string) => `${path.posix.normalize(dataPath).replace(/\/+$/, "")}/.`;

// Runs a command in a running container (no TTY, no stdin), handing its output (stdout and stderr together, as
// they come) to `onOutput`, and resolves to its exit code.
export async function execStreaming(
  endpoint: string,
  id: string,
  cmd: string[],
  onOutput: (chunk: Buffer) => void,
  opts: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<number> {
  const docker = dockerClient(endpoint);
  const exec = await container(endpoint, id).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Env: opts.env && Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = new PassThrough();
  sink.on("data", onOutput);
  docker.modem.demuxStream(stream, sink, sink);
  try {
    await withTimeout(finished(stream), opts.timeoutMs ?? 15 * 60_000, `${cmd[0]} in ${id.slice(0, 12)}`);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 50; i++) {
    await sleep(20);
    info = await exec.inspect();
  }
  return info.ExitCode ?? -1;
}
