import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { caddyRequest } from "../lib/edge/caddy-admin";
import { caddyAdminListen, caddyConfig } from "../lib/edge/caddy-config";
import { startEdge } from "../scripts/lib/edge";
import { stopChild } from "../scripts/lib/embedded-mail";
import { freePort } from "../scripts/lib/free-port";
import { runLoad, type LoadResult } from "./lib/http-load";
import { processCpu } from "./lib/stats";

// npm run bench:edge: requests per second and p50/p99 latency of one small page, through the edge (HTTPS on
// loopback, the instance's name, proxied to the app's Unix socket) against the same app reached directly, over
// its socket (plain HTTP) and over HTTPS of its own (the client pays the same TLS as through the edge: like for
// like), in alternating rounds on kept-alive connections: with 16 clients (throughput) and with one (latency
// alone). Loopback only; each round is bounded in time and in requests in flight. Then the time from a custom
// domain's verification (its route loaded into the edge) to its first HTTPS answer, certificate issued on demand.
// Goals: throughput through the edge ≥ 0.8 of direct, ≤ 1 ms added to p50, ≤ 2 s from verified to answering.
const ROUND_MS = 3000;
const ROUNDS = 3;
const HOST = "app.apps.localhost";
const NOT_ANSWERING = { status: 502, title: "not answering", message: "The bench app did not answer." };
type PathName = "direct" | "directTls" | "edge";
const NAMES: PathName[] = ["direct", "directTls", "edge"];

const work = path.resolve(`.data/bench/edge-${process.pid}`);
const socket = path.join(work, "app.sock");
const edge = await startEdge({ dataDir: path.join(work, "edge") });
// The direct HTTPS server's certificate: ECDSA P-256, as the edge's local CA issues.
const key = path.join(work, "direct.key");
const cert = path.join(work, "direct.crt");
execFileSync("mkdir", ["-p", work]);
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    `/CN=${HOST}`,
    "-addext",
    `subjectAltName=DNS:${HOST}`,
    "-keyout",
    key,
    "-out",
    cert,
  ],
  { stdio: "ignore" },
);
const directTlsPort = await freePort();
const app = spawn(
  process.execPath,
  ["--import", "tsx", "bench/lib/socket-app.ts", socket, String(directTlsPort), key, cert],
  { stdio: ["ignore", "pipe", "inherit"] },
);
// Berth's ask endpoint as the edge sees it: yes for a verified custom domain only.
const verified = new Set<string>();
const ask = http.createServer((req, res) => {
  const name = new URL(req.url!, "http://x").searchParams.get("domain") ?? "";
  res.writeHead(verified.has(name) ? 200 : 404).end();
});
try {
  await once(app.stdout!, "data");
  const askPort = await freePort();
  await new Promise<void>((r) => ask.listen(askPort, "127.0.0.1", r));
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const load = async (aliases: string[]) => {
    const loaded = await caddyRequest(
      edge.adminUrl,
      "POST",
      "/load",
      caddyConfig(
        {
          adminListen: caddyAdminListen(edge.adminUrl),
          listenAddress: "127.0.0.1",
          httpsPort,
          httpPort,
          appsDomain: "apps.localhost",
          tls: "internal",
          askUrl: `http://127.0.0.1:${askPort}/ask`,
        },
        [{ slug: "app", hostname: HOST, aliases, upstream: { socketPath: socket }, whenDown: NOT_ANSWERING }],
      ),
    );
    if (loaded.status !== 200) throw new Error(`the edge refused its configuration: ${loaded.text}`);
  };
  await load([]);
  const ca = await readFile(edge.rootCertificate, "utf8");

  const directCa = await readFile(cert, "utf8");
  const paths: Record<PathName, (concurrency: number) => Promise<LoadResult>> = {
    direct: (concurrency) =>
      runLoad(() => ({ socketPath: socket, path: "/", headers: { host: HOST } }), {
        secure: false,
        concurrency,
        durationMs: ROUND_MS,
      }),
    directTls: (concurrency) =>
      runLoad(
        () => ({
          host: "127.0.0.1",
          port: directTlsPort,
          servername: HOST,
          headers: { host: HOST },
          path: "/",
          ca: directCa,
        }),
        { secure: true, concurrency, durationMs: ROUND_MS },
      ),
    edge: (concurrency) =>
      runLoad(
        () => ({ host: "127.0.0.1", port: httpsPort, servername: HOST, headers: { host: HOST }, path: "/", ca }),
        { secure: true, concurrency, durationMs: ROUND_MS },
      ),
  };
  // CPU of the three processes involved (ms), by path: the load generator (this process) shares the machine.
  const pids = { app: app.pid!, caddy: edge.pid };
  const zero = () => ({ app: 0, caddy: 0, client: 0 });
  let cpu = { direct: zero(), directTls: zero(), edge: zero() };
  async function measured(name: PathName, concurrency: number) {
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
    // Warm up every path (TLS sessions, Caddy's upstream pool, the JIT) before measuring.
    for (const name of NAMES) await paths[name](concurrency);
    cpu = { direct: zero(), directTls: zero(), edge: zero() };
    const rounds: Record<PathName, LoadResult>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const round = {} as Record<PathName, LoadResult>;
      for (const name of NAMES) round[name] = await measured(name, concurrency);
      rounds.push(round);
    }
    const summary = (name: PathName) => ({
      perSecond: median(rounds.map((r) => r[name].perSecond)),
      p50Ms: median(rounds.map((r) => r[name].p50Ms)),
      p99Ms: median(rounds.map((r) => r[name].p99Ms)),
      errors: rounds.reduce((n, r) => n + r[name].errors, 0),
    });
    const share = (ms: number) => `${((ms / (ROUNDS * ROUND_MS)) * 100).toFixed(0)}%`;
    console.log(`${concurrency} client(s), ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s (medians):`);
    const labels: Record<PathName, string> = {
      direct: "direct (unix socket, HTTP)",
      directTls: "direct (HTTPS, same TLS)",
      edge: "through the edge (HTTPS)",
    };
    for (const name of NAMES) {
      const [st, c] = [summary(name), cpu[name]];
      console.log(
        `  ${labels[name].padEnd(27)} ${st.perSecond.toFixed(0).padStart(6)} req/s  p50 ${st.p50Ms.toFixed(2)} ms  p99 ${st.p99Ms.toFixed(2)} ms  errors ${st.errors}  CPU app ${share(c.app)}, caddy ${share(c.caddy)}, load generator ${share(c.client)} of a core`,
      );
    }
    const e = summary("edge");
    for (const base of ["direct", "directTls"] as const) {
      const b = summary(base);
      const [ratio, added] = [e.perSecond / b.perSecond, e.p50Ms - b.p50Ms];
      console.log(
        `  against ${labels[base]}: throughput ratio ${ratio.toFixed(2)} (goal ≥ 0.8): ${ratio >= 0.8 ? "met" : "not met"}; added p50 ${added.toFixed(2)} ms (goal ≤ 1 ms): ${added <= 1 ? "met" : "not met"}`,
      );
    }
  }

  // A custom domain, verified: Berth loads its route and the ask endpoint says yes; the first visitor's handshake
  // makes Caddy ask and issue the certificate. Timed until that visitor has its answer over a verified chain.
  const firstAnswers: number[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `www.bench-${i}-${process.pid}.example`;
    const started = performance.now();
    verified.add(name);
    await load([name]);
    for (;;) {
      const status = await answerOf(httpsPort, name, ca);
      if (status === 200) break;
      if (performance.now() - started > 10_000) throw new Error(`${name} did not answer within 10 s (last: ${status})`);
      await sleep(10);
    }
    firstAnswers.push(performance.now() - started);
  }
  const worst = Math.max(...firstAnswers);
  console.log(
    `custom domain, verified → first HTTPS answer (route loaded, certificate issued on demand): ${firstAnswers.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")} (goal ≤ 2 s): ${worst <= 2000 ? "met" : "not met"}`,
  );
} finally {
  ask.close();
  await stopChild(app);
  await edge.stop();
  await rm(work, { recursive: true, force: true });
}

// One GET for `name` through the edge, trusting only its CA: its status, or the error's message.
function answerOf(port: number, name: string, ca: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = https.get(
      {
        host: "127.0.0.1",
        port,
        servername: name,
        headers: { host: name },
        path: "/",
        ca,
        agent: false,
        timeout: 5000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve(error.message));
  });
}
