import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { execInContainer } from "@/lib/providers/docker-exec";
import { LogDemuxer, type LogLine } from "@/lib/providers/docker-logs";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { customerWithKey, runningTrial, waitFor } from "@/test/instances/world";
import { followLogBatches, lastLogLines, LOG_BATCH_MAX_LINES, ownedLogSource, type LogSource } from "./logs";

let worker: EmbeddedWorker;
let gateway: SshGateway;
beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

// What the app's own process writes: the container's main process's standard output and error.
const print = (source: LogSource, script: string) =>
  execInContainer(source.endpoint, source.containerId, ["sh", "-c", script]).then((r) => {
    expect(r.exitCode).toBe(0);
  });

const frame = (type: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("app logs", () => {
  it("splits the Engine's multiplexed frames into timed lines per stream, across chunk boundaries", () => {
    const lines: LogLine[] = [];
    const demuxer = new LogDemuxer((l) => lines.push(l));
    const bytes = Buffer.concat([
      frame(1, "2026-12-04T02:48:17.5Z hello\n2026-12-04T02:48:17.6Z wor"),
      frame(2, "2026-12-04T02:48:18Z oops\n"),
      frame(1, "ld\n"),
    ]);
    for (let i = 0; i < bytes.length; i += 5) demuxer.push(bytes.subarray(i, i + 5));
    demuxer.end();
    expect(lines).toEqual([
      { at: "2026-12-04T02:48:17.500000000Z", stream: "stdout", text: "hello" },
      { at: "2026-12-04T02:48:18.000000000Z", stream: "stderr", text: "oops" },
      { at: "2026-12-04T02:48:17.600000000Z", stream: "stdout", text: "world" },
    ]);
  });

  it(
    "reads a running app's last lines, searches them, follows new ones until the page goes away, and bounds a flood",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("logs");
      const instance = await runningTrial(user.id, keyId, "chatty");
      const source = await ownedLogSource(db, user.id, instance.id);
      if (!source || source === "none") throw new Error(`no log source: ${source}`);
      expect(await ownedLogSource(db, (await customerWithKey("logs-stranger")).user.id, instance.id)).toBeNull();

      await print(
        source,
        "echo 'GET / 200 served the home page' > /proc/1/fd/1; echo 'disk almost full' > /proc/1/fd/2",
      );
      const last = await waitFor("the lines in the log", async () => {
        const lines = await lastLogLines(source, { lines: 100 });
        return lines.some((l) => l.text === "disk almost full") && lines;
      });
      expect(last.find((l) => l.text === "GET / 200 served the home page")).toMatchObject({ stream: "stdout" });
      expect(last.find((l) => l.text === "disk almost full")).toMatchObject({ stream: "stderr" });
      expect(Date.parse(last.at(-1)!.at)).toBeGreaterThan(Date.now() - 60_000);
      expect((await lastLogLines(source, { lines: 100, search: "HOME PAGE" })).map((l) => l.text)).toEqual([
        "GET / 200 served the home page",
      ]);
      expect(await lastLogLines(source, { lines: 1 })).toHaveLength(1);

      // Live: the tail first, then what the app writes next; aborting (the page closed) ends the follow.
      const seen: LogLine[] = [];
      let skipped = 0;
      const page = new AbortController();
      const following = followLogBatches(source, {
        signal: page.signal,
        flushMs: 100,
        onBatch: (lines, more) => {
          expect(lines.length).toBeLessThanOrEqual(LOG_BATCH_MAX_LINES);
          seen.push(...lines);
          skipped += more;
        },
      });
      await waitFor("the tail", async () => seen.some((l) => l.text === "disk almost full"));
      await print(source, "echo 'a new request' > /proc/1/fd/1");
      await waitFor("the new line", async () => seen.some((l) => l.text === "a new request"));

      // A flood is cut to bounded batches; what is not shown is counted.
      await print(source, "i=0; while [ $i -lt 3000 ]; do echo flood $i; i=$((i+1)); done > /proc/1/fd/1");
      await waitFor("the flood", async () => seen.filter((l) => l.text.startsWith("flood ")).length + skipped >= 3000);
      expect(skipped).toBeGreaterThan(0);
      page.abort();
      await expect(following).resolves.toBeUndefined();

      // Reconnecting after the last line seen gives only what came later.
      const after = seen.at(-1)!.at;
      await print(source, "echo 'after reconnecting' > /proc/1/fd/1");
      const again: LogLine[] = [];
      const second = new AbortController();
      const resumed = followLogBatches(source, {
        after,
        signal: second.signal,
        flushMs: 100,
        onBatch: (lines) => again.push(...lines),
      });
      await waitFor("the line after reconnecting", async () => again.some((l) => l.text === "after reconnecting"));
      expect(again.every((l) => l.at > after)).toBe(true);
      second.abort();
      await resumed;
    },
  );
});
