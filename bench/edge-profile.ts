import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import protobuf from "protobufjs";
import { caddyAdminListen, caddyConfig } from "../lib/edge/caddy-config";
import { caddyRequest } from "../lib/edge/caddy-admin";
import { startEdge } from "../scripts/lib/edge";
import { stopChild } from "../scripts/lib/embedded-mail";
import { freePort } from "../scripts/lib/free-port";
import { runLoad } from "./lib/http-load";
import { processCpu } from "./lib/stats";
import { RELAY_BACKLOG } from "../lib/providers/relay";

// npm run bench:edge-profile: where the edge's time goes. The bench app behind the edge under 16 clients, with
// Caddy's CPU profile taken from its admin endpoint (/debug/pprof/profile) during the load, printed as the top
// functions (flat and cumulative), and Caddy's CPU per request; GOMAXPROCS, GOGC and QUIET_HTTP_LOG=1 try
// settings. Then the app through socat as the relay runs it (UNIX-LISTEN,fork: a process per connection) against
// the app directly, on kept-alive connections and with one connection per request. Loopback only, bounded in
// time and in requests in flight.
// The parts of pprof's profile.proto read here.
const root = protobuf.Root.fromJSON({
  nested: {
    Profile: {
      fields: {
        sampleType: { rule: "repeated", type: "ValueType", id: 1 },
        sample: { rule: "repeated", type: "Sample", id: 2 },
        location: { rule: "repeated", type: "Location", id: 4 },
        function: { rule: "repeated", type: "Function", id: 5 },
        stringTable: { rule: "repeated", type: "string", id: 6 },
      },
    },
    ValueType: { fields: { type: { type: "int64", id: 1 }, unit: { type: "int64", id: 2 } } },
    Sample: {
      fields: {
        locationId: { rule: "repeated", type: "uint64", id: 1 },
        value: { rule: "repeated", type: "int64", id: 2 },
      },
    },
    Location: { fields: { id: { type: "uint64", id: 1 }, line: { rule: "repeated", type: "Line", id: 4 } } },
    Line: { fields: { functionId: { type: "uint64", id: 1 } } },
    Function: { fields: { id: { type: "uint64", id: 1 }, name: { type: "int64", id: 2 } } },
  },
});

type Decoded = {
  sample: { locationId: number[]; value: number[] }[];
  location: { id: number; line: { functionId: number }[] }[];
  function: { id: number; name: number }[];
  stringTable: string[];
};

const HOST = "app.apps.localhost";
const work = path.resolve(`.data/bench/edge-profile-${process.pid}`);
const socket = path.join(work, "app.sock");
const edge = await startEdge({ dataDir: path.join(work, "edge") });
const app = spawn(process.execPath, ["--import", "tsx", "bench/lib/socket-app.ts", socket], {
  stdio: ["ignore", "pipe", "inherit"],
});
// The relay's socat in front of the app's socket, as an isolated instance's relay listens: with socat's own listen
// backlog and with the relay's.
const relays = [
  { label: "socat's own backlog (5)", socket: path.join(work, "relay-5.sock"), backlog: "" },
  {
    label: `the relay's backlog (${RELAY_BACKLOG})`,
    socket: path.join(work, "relay.sock"),
    backlog: `,backlog=${RELAY_BACKLOG}`,
  },
].map((r) => ({
  ...r,
  child: spawn("socat", [`UNIX-LISTEN:${r.socket},fork,unlink-early,mode=666${r.backlog}`, `UNIX-CONNECT:${socket}`], {
    stdio: "ignore",
  }),
}));
try {
  await once(app.stdout!, "data");
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const config = caddyConfig(
    {
      adminListen: caddyAdminListen(edge.adminUrl),
      listenAddress: "127.0.0.1",
      httpsPort,
      httpPort,
      appsDomain: "apps.localhost",
      tls: "internal",
      askUrl: "http://127.0.0.1:1/ask",
    },
    [
      {
        slug: "app",
        hostname: HOST,
        upstream: { socketPath: socket },
        whenDown: { status: 502, title: "x", message: "x" },
      },
    ],
  );
  // QUIET_HTTP_LOG=1: without the http app's logs (Caddy 2.6 encodes every request for its error logger up front).
  const variant: Record<string, unknown> = { ...config };
  if (process.env.QUIET_HTTP_LOG) variant.logging = { logs: { default: { exclude: ["http"] } } };
  const loaded = await caddyRequest(edge.adminUrl, "POST", "/load", variant);
  if (loaded.status !== 200) throw new Error(loaded.text);
  const ca = await readFile(edge.rootCertificate, "utf8");
  const toEdge = () =>
    runLoad(() => ({ host: "127.0.0.1", port: httpsPort, servername: HOST, headers: { host: HOST }, path: "/", ca }), {
      secure: true,
      concurrency: 16,
      durationMs: 6000,
    });
  await toEdge();
  const before = processCpu().get(edge.pid)?.ms ?? 0;
  const [result, profile] = await Promise.all([toEdge(), pprof(edge.adminUrl, 5)]);
  const caddyMs = (processCpu().get(edge.pid)?.ms ?? 0) - before;
  console.log(
    `through the edge: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms; caddy ${((caddyMs * 1000) / result.requests).toFixed(0)} µs of CPU per request`,
  );
  printTop(profile);
  for (const [label, sock] of [
    ["app directly (unix socket)", socket],
    ...relays.map((r) => [`app through socat, ${r.label}`, r.socket] as const),
  ]) {
    for (const keep of [true, false]) {
      const r = await runLoad(
        () => ({ socketPath: sock, path: "/", headers: { host: HOST, ...(keep ? {} : { connection: "close" }) } }),
        { secure: false, concurrency: 16, durationMs: 3000 },
      );
      console.log(
        `${label}, ${keep ? "kept-alive" : "a connection per request"}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, errors ${r.errors}`,
      );
    }
  }
} finally {
  for (const r of relays) await stopChild(r.child);
  await stopChild(app);
  await edge.stop();
  await rm(work, { recursive: true, force: true });
}

function pprof(adminUrl: string, seconds: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        socketPath: adminUrl.slice("unix://".length),
        path: `/debug/pprof/profile?seconds=${seconds}`,
        headers: { host: "" },
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      },
    );
    req.on("error", reject);
  });
}

function printTop(raw: Buffer) {
  const p = root
    .lookupType("Profile")
    .toObject(root.lookupType("Profile").decode(gunzipSync(raw)), { longs: Number }) as Decoded;
  const fnName = new Map(p.function.map((f) => [f.id, p.stringTable[f.name]!]));
  const locFns = new Map(p.location.map((l) => [l.id, l.line.map((x) => fnName.get(x.functionId)!)]));
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (const s of p.sample) {
    const v = s.value[1] ?? s.value[0]!;
    total += v;
    const leaf = locFns.get(s.locationId[0]!)?.[0] ?? "?";
    flat.set(leaf, (flat.get(leaf) ?? 0) + v);
    const seen = new Set(s.locationId.flatMap((id) => locFns.get(id) ?? []));
    for (const f of seen) cum.set(f, (cum.get(f) ?? 0) + v);
  }
  const show = (m: Map<string, number>, n: number, title: string) => {
    console.log(title);
    for (const [f, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${f}`);
  };
  show(flat, 25, "caddy CPU profile, flat (where the time is spent):");
  show(cum, 45, "caddy CPU profile, cumulative (what it is spent for):");
}
