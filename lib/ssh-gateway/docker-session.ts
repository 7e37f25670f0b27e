import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { ServerChannel } from "ssh2";
import { container } from "@/lib/providers/docker-client";

export type Pty = { term: string; cols: number; rows: number };

export type ContainerSession = {
  resize: (cols: number, rows: number) => void;
  /** The command's exit code, or null when the client went away before it ended. */
  exitCode: Promise<number | null>;
};

/**
 * `docker exec` wired to an SSH channel: stdin, stdout and stderr both ways (one raw stream with a TTY, two
 * demultiplexed ones without), resolving to the command's real exit code.
 */
export async function startContainerSession(o: {
  endpoint: string;
  containerId: string;
  cmd: string[];
  pty: Pty | null;
  channel: ServerChannel;
  /** Aborted when the client closes the channel, which may happen before the exec even exists. */
  signal: AbortSignal;
  /** False for a command that reads nothing (the readiness probe): the engine then sets up no stdin for it. */
  stdin?: boolean;
}): Promise<ContainerSession> {
  const { channel, pty, signal } = o;
  const stdin = o.stdin ?? true;
  const size = pty && pty.cols > 0 && pty.rows > 0 ? ([pty.rows, pty.cols] as [number, number]) : undefined;
  const exec = await container(o.endpoint, o.containerId).exec({
    Cmd: o.cmd,
    AttachStdin: stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: pty !== null,
    Env: pty ? [`TERM=${pty.term || "xterm"}`] : undefined,
    ConsoleSize: size,
    abortSignal: signal,
  });
  const stream = await exec.start({ hijack: true, stdin, Tty: pty !== null, abortSignal: signal });
  // Writes of late stdin after the engine closed the connection fail; the exit code below is what counts.
  stream.on("error", () => {});

  // Without a TTY the client's EOF closes the command's stdin (`echo data | ssh … cat`); a terminal has no such end.
  if (stdin) channel.pipe(stream, { end: pty === null });
  const onClose = () => stream.destroy();
  if (signal.aborted) onClose();
  else signal.addEventListener("abort", onClose, { once: true });
  const output = pipeline(stream, pty ? forwarder(channel) : demuxer(channel, channel.stderr));

  const exitCode = (async () => {
    const complete = await output.then(
      () => true,
      () => false,
    );
    signal.removeEventListener("abort", onClose);
    if (!complete) return null;
    // The output can end a moment before the engine records the exit code.
    for (let i = 0; i < 200; i++) {
      const info = await exec.inspect();
      if (!info.Running && info.ExitCode !== null) return info.ExitCode;
      await sleep(10);
    }
    return null;
  })();

  return { resize: ttyResizer(exec), exitCode };
}

/**
 * The engine refuses to resize an exec whose process has not started yet, even after `start` answered (the docker
 * CLI retries too). Retries run one at a time and always apply the latest size, so an old one never wins.
 */
function ttyResizer(exec: Docker.Exec) {
  let wanted: { w: number; h: number } | null = null;
  let queue = Promise.resolve();
  return (cols: number, rows: number) => {
    if (!(cols > 0 && rows > 0)) return;
    wanted = { w: cols, h: rows };
    queue = queue.then(async () => {
      for (let attempt = 1; wanted && attempt <= 10; attempt++) {
        const size = wanted;
        try {
          await exec.resize(size);
          if (wanted === size) wanted = null;
        } catch {
          await sleep(10 * attempt);
        }
      }
    });
  };
}
const HEADER = 8;

const send = (target: NodeJS.WritableStream, data: Buffer) =>
  new Promise<void>((resolve, reject) => target.write(data, (error) => (error ? reject(error) : resolve())));

/**
 * Splits Docker's multiplexed exec stream (8-byte header: stream type, 3 zero bytes, big-endian length) into
 * stdout and stderr. Each frame waits until the SSH channel has taken it, so a slow client slows the command down
 * instead of filling the gateway's memory, and `finish` means every byte has been handed to the client.
 */
export function demuxer(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Writable {
  let pending: Buffer = Buffer.alloc(0);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const frames: [NodeJS.WritableStream, Buffer][] = [];
      while (pending.length >= HEADER) {
        const length = pending.readUInt32BE(4);
        if (pending.length < HEADER + length) break;
        frames.push([pending[0] === 2 ? stderr : stdout, pending.subarray(HEADER, HEADER + length)]);
        pending = pending.subarray(HEADER + length);
      }
      (async () => {
        for (const [target, payload] of frames) if (payload.length) await send(target, payload);
      })().then(() => callback(), callback);
    },
  });
}

/** The raw (TTY) counterpart: forwards every chunk, with the same "handed to the client" guarantee. */
export function forwarder(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      send(out, chunk).then(() => callback(), callback);
    },
  });
}
