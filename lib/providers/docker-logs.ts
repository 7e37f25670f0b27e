import type { Readable } from "node:stream";
import { container } from "./docker-client";

export type LogLine = { at: string; stream: "stdout" | "stderr"; text: string };

const MAX_LINE_CHARS = 4096;
const HEADER = 8;

// "2026-12-04T02:48:17.1234Z" → "2026-12-04T02:48:17.123400000Z": the Engine trims trailing zeros, and a fixed
// width makes timestamps compare as strings.
export function normalizeTimestamp(at: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(at);
  return m ? `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}Z` : at;
}

// The Engine's log stream of a container without a TTY is multiplexed: frames of an 8-byte header (stream type,
// three zero bytes, big-endian payload size) and the payload. With `timestamps`, each line starts with its
// RFC 3339 time and a space. Lines are split per stream and cut to a bounded length.
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private partial: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(chunk: Buffer) {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(HEADER, HEADER + size).toString("utf8");
      this.pending = this.pending.subarray(HEADER + size);
      if (type === 1 || type === 2) this.text(type === 1 ? "stdout" : "stderr", payload);
    }
  }

  end() {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream]) this.line(stream, this.partial[stream]);
      this.partial[stream] = "";
    }
  }

  private text(stream: LogLine["stream"], payload: string) {
    const parts = (this.partial[stream] + payload).split("\n");
    this.partial[stream] = parts.pop()!.slice(0, MAX_LINE_CHARS + 64);
    for (const part of parts) this.line(stream, part);
  }

  private line(stream: LogLine["stream"], raw: string) {
    const space = raw.indexOf(" ");
    const at = space > 0 ? normalizeTimestamp(raw.slice(0, space)) : "";
    const text = (space > 0 ? raw.slice(space + 1) : raw).replace(/\r$/, "");
    this.onLine({ at, stream, text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text });
  }
}

// Engine `since` takes seconds with a fraction; a line at exactly that time is sent again, so callers skip
// lines at or before the time they already have.
const sinceParam = (at: string | undefined) => (at ? Math.floor(Date.parse(at) / 1000) : undefined);

// The container's last `tail` lines (stdout and stderr, with their times), oldest first.
export async function readLogs(
  endpoint: string,
  containerId: string,
  opts: { tail: number; after?: string },
): Promise<LogLine[]> {
  const raw = (await container(endpoint, containerId).logs({
    follow: false,
    stdout: true,
    stderr: true,
    timestamps: true,
    tail: opts.tail,
    ...(opts.after ? { since: sinceParam(opts.after) } : {}),
  })) as Buffer;
  const lines: LogLine[] = [];
  const demuxer = new LogDemuxer((l) => {
    if (!opts.after || l.at > opts.after) lines.push(l);
  });
  demuxer.push(raw);
  demuxer.end();
  return lines;
}

// The last `tail` lines, then each new one as the app writes it, until the container stops or `signal` aborts.
export async function followLogs(
  endpoint: string,
  containerId: string,
  opts: { tail: number; after?: string; signal: AbortSignal; onLine: (line: LogLine) => void },
): Promise<void> {
  if (opts.signal.aborted) return;
  const stream = (await container(endpoint, containerId).logs({
    follow: true,
    stdout: true,
    stderr: true,
    timestamps: true,
    tail: opts.tail,
    ...(opts.after ? { since: sinceParam(opts.after) } : {}),
  })) as unknown as Readable;
  const demuxer = new LogDemuxer((l) => {
    if (!opts.after || l.at > opts.after) opts.onLine(l);
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    if (opts.signal.aborted) return stop();
    opts.signal.addEventListener("abort", stop, { once: true });
    stream.on("data", (chunk: Buffer) => demuxer.push(chunk));
    stream.on("end", () => {
      demuxer.end();
      resolve();
    });
    stream.on("error", () => resolve());
    stream.on("close", () => resolve());
  });
}
