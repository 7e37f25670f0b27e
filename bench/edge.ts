import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { caddyRequest } from "../lib/edge/caddy-admin";
import { caddyAdminListen, caddyConfig } from "../lib/edge/caddy-config";
import { startEdge } from "../scripts/lib/edge";
import { stopChild } from "../scripts/lib/embedded-mail";
import { freePort } from "../scripts/lib/free-port";
import { runLoad, type LoadResult } from "./lib/http-load";
import { processCpu } from "./lib/stats";

// npm run bench:edge: requests per second and p50/p99 latency of one small page, through the edge (HTTPS on
// loopback, the instance's name, proxied to the app's Unix socket) against the same app reached directly over
// that socket, in alternating rounds on kept-alive connections: with 16 clients (throughput) and with one
// (latency alone). Loopback only; each round is bounded in time and in requests in flight. Goals: throughput
// through the edge ≥ 0.8 of direct, and ≤ 1 ms added to p50.
const ROUND_MS = 3000;
const ROUNDS = 3;
const HOST = "app.apps.localhost";
const NOT_ANSWERING = { status: 502, title: "not answering", message: "The bench app did not answer." };

const work = path.resolve(`.data/bench/edge-${process.pid}`);
const socket = path.join(work, "app.sock");
const edge = await startEdge({ dataDir: path.join(work, "edge") });
const app = spawn(process.execPath, ["--import", "tsx", "bench/lib/socket-app.ts", socket], {
  stdio: ["ignore", "pipe", "inherit"],
});
try {
  await once(app.stdout!, "data");
  const httpsPort = await freePort();
  const loaded = await caddyRequest(
    edge.adminUrl,
    "POST",
    "/load",
    caddyConfig(
      {
        adminListen: caddyAdminListen(edge.adminUrl),
        listenAddress: "127.0.0.1",
        httpsPort,
        httpPort: await freePort(),
        appsDomain: "apps.localhost",
        tls: "internal",
        // Never asked: the bench's one name is covered by the wildcard.
        askUrl: "http://127.0.0.1:9/ask",
      },
      [{ slug: "app", hostname: HOST, upstream: { socketPath: socket }, whenDown: NOT_ANSWERING }],
    ),
  );
  if (loaded.status !== 200) throw new Error(`the edge refused its configuration: ${loaded.text}`);
  const ca = await readFile(edge.rootCertificate, "utf8");

  const paths = {
    direct: (concurrency: number) =>
      runLoad(() => ({ socketPath: socket, path: "/", headers: { host: HOST } }), {
        secure: false,
        concurrency,
        durationMs: ROUND_MS,
      }),
    edge: (concurrency: number) =>
      runLoad(
        () => ({ host: "127.0.0.1", port: httpsPort, servername: HOST, headers: { host: HOST }, path: "/", ca }),
        { secure: true, concurrency, durationMs: ROUND_MS },
      ),
  };
  // CPU of the three processes involved (ms), by path: the load generator (this process) shares the machine.
  const pids = { app: app.pid!, caddy: edge.pid };
  const cpu = { direct: { app: 0, caddy: 0, client: 0 }, edge: { app: 0, caddy: 0, client: 0 } };
  async function measured(name: "direct" | "edge", concurrency: number) {
    const [before, own] = [processCpu(), process.cpuUsage()];
    const result = await paths[name](concurrency);
    const after = processCpu();
    const used = process.cpuUsage(own);
    const of = (pid: number) => (after.get(pid)?.ms ?? 0) - (before.get(pid)?.ms ?? 0);
    cpu[name].app += of(pids.app);
    cpu[name].caddy += of(pids.caddy);
    cpu[name].client += (used.user + used.system) / 1000;
    return result;
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const concurrency of [16, 1]) {
    // Warm up both paths (TLS sessions, Caddy's upstream pool, the JIT) before measuring.
    await paths.direct(concurrency);
    await paths.edge(concurrency);
    cpu.direct = { app: 0, caddy: 0, client: 0 };
    cpu.edge = { app: 0, caddy: 0, client: 0 };
    const rounds: { direct: LoadResult; edge: LoadResult }[] = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push({ direct: await measured("direct", concurrency), edge: await measured("edge", concurrency) });
    const summary = (name: "direct" | "edge") => ({
      perSecond: median(rounds.map((r) => r[name].perSecond)),
      p50Ms: median(rounds.map((r) => r[name].p50Ms)),
      p99Ms: median(rounds.map((r) => r[name].p99Ms)),
      errors: rounds.reduce((n, r) => n + r[name].errors, 0),
    });
    const d = summary("direct");
    const e = summary("edge");
    const ratio = e.perSecond / d.perSecond;
    const added = e.p50Ms - d.p50Ms;
    const share = (ms: number) => `${((ms / (ROUNDS * ROUND_MS)) * 100).toFixed(0)}%`;
    console.log(`${concurrency} client(s), ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s (medians):`);
    for (const [label, s, name] of [
      ["direct (unix socket)", d, "direct"],
      ["through the edge (HTTPS)", e, "edge"],
    ] as const) {
      const c = cpu[name];
      console.log(
        `  ${label.padEnd(26)} ${s.perSecond.toFixed(0).padStart(6)} req/s  p50 ${s.p50Ms.toFixed(2)} ms  p99 ${s.p99Ms.toFixed(2)} ms  errors ${s.errors}  CPU app ${share(c.app)}, caddy ${share(c.caddy)}, load generator ${share(c.client)} of a core`,
      );
    }
    console.log(`  throughput ratio ${ratio.toFixed(2)} (goal ≥ 0.8): ${ratio >= 0.8 ? "met" : "not met"}`);
    console.log(`  added p50 ${added.toFixed(2)} ms (goal ≤ 1 ms): ${added <= 1 ? "met" : "not met"}`);
  }
} finally {
  await stopChild(app);
  await edge.stop();
  await rm(work, { recursive: true, force: true });
}
