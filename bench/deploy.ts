import { execFile, execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import https from "node:https";
import type { LookupFunction } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { ensureRelayImage } from "../lib/providers/relay-image";
import { buildStackImages } from "../scripts/stack-images/build";
import { startPrivateDockerd } from "../scripts/lib/docker-engine";
import { startEdge } from "../scripts/lib/edge";
import { startMaildev } from "../scripts/lib/embedded-mail";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { socketDir } from "../scripts/lib/platform";
import { prepareDatabase } from "../scripts/lib/prepare-database";

// npm run bench:deploy: a small Node.js app is pushed with git through the gateway while a bounded loopback load
// (RATE GETs a second, open loop, through the edge over HTTPS) hits the instance from before the push until after
// the previous release has been stopped. Prints push_to_live_s (git push started → it returned with the release
// live), the build's own time, and failed_requests (any answer but 200, or a connection error).
const RATE = 50;
const AFTER_LIVE_MS = 3000;
const execFileAsync = promisify(execFile);

const work = path.resolve(`.data/bench/deploy-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({
  dir: path.join(work, "pg"),
  port: await freePort(),
  database: "bench",
  fresh: true,
});
const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
const docker = await startPrivateDockerd({ dataDir: path.join(work, "docker") });
await buildStackImages(docker.dockerHost);
await ensureRelayImage(docker.dockerHost, "berth/relay:latest");
const edge = await startEdge({ dataDir: path.join(work, "edge") });
await prepareDatabase(pg.url, { localStacks: true });
Object.assign(process.env, {
  DATABASE_URL: pg.url,
  SMTP_URL: mail.smtpUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  DOCKER_HOST: docker.dockerHost,
  BACKUP_DIR: path.join(work, "backups"),
  SSH_HOST_KEY_PATH: path.join(work, "ssh", "host_key"),
  SSH_GATEWAY_HOST: "127.0.0.1",
  SSH_GATEWAY_PORT: String(await freePort()),
  INSTANCE_PORTS: "24000-24999",
  INSTANCE_NETWORK: "isolated",
  INSTANCE_SOCKET_DIR: socketDir(work),
  EDGE_ADMIN_URL: edge.adminUrl,
  EDGE_LISTEN_ADDRESS: "127.0.0.1",
  EDGE_HTTPS_PORT: String(await freePort()),
  EDGE_HTTP_PORT: String(await freePort()),
  EDGE_TLS: "internal",
  APPS_DOMAIN: "apps.localhost",
});

// Imported after the environment above is in place: they read it.
const { db } = await import("../lib/db");
const { eq } = await import("drizzle-orm");
const { plans, releases, stacks, users } = await import("../db/schema");
const { env } = await import("../lib/env");
const { startSshGateway } = await import("../lib/ssh-gateway/server");
const { startEmbeddedWorker } = await import("../jobs/engine/embedded");
const { allJobs } = await import("../jobs/registry");
const { addSshKey } = await import("../lib/keys/add-key");
const { listUserKeys } = await import("../lib/keys/list-keys");
const { createTrialInstance } = await import("../lib/instances/create");
const { loadInstanceParts } = await import("../lib/instances/load");
const { instanceUrl } = await import("../lib/instances/spec");
const { edgeRootCertificate } = await import("../lib/edge/trust");

const gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
const worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });

const [user] = await db
  .insert(users)
  .values({ name: "Bench", email: `bench-${randomUUID()}@example.test`, emailVerified: new Date() })
  .returning();
const keyFile = path.join(work, "id_ed25519");
execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
const added = await addSshKey(db, user!.id, { name: "bench", publicKey: readFileSync(`${keyFile}.pub`, "utf8") });
if ("error" in added) throw new Error(added.error);
const [key] = await listUserKeys(db, user!.id);
const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "local-node"));
const created = await createTrialInstance(db, user!.id, {
  name: "bench",
  planId: plan!.id,
  stackId: stack!.id,
  keyIds: [key!.id],
});
if ("error" in created) throw new Error(created.error);
const deadline = Date.now() + 120_000;
let slug = "";
for (;;) {
  const parts = await loadInstanceParts(db, created.instanceId);
  if (parts?.instance.status === "running") {
    slug = parts.instance.slug;
    break;
  }
  if (Date.now() > deadline || parts?.instance.status === "failed") throw new Error("the instance did not start");
  await new Promise((r) => setTimeout(r, 200));
}
const parts = (await loadInstanceParts(db, created.instanceId))!;
const url = new URL(instanceUrl({ ...parts, host: parts.host! }));

// The app: a package.json with no dependencies (instances have no network) and a build step, like most apps.
const repo = path.join(work, "app");
mkdirSync(repo);
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.test",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.test",
  GIT_SSH_COMMAND: `ssh -i ${keyFile} -p ${env.SSH_GATEWAY_PORT} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
};
const git = (...args: string[]) => execFileAsync("git", args, { cwd: repo, env: gitEnv });
await git("init", "-q", "-b", "main");
async function commitVersion(version: string) {
  writeFileSync(
    path.join(repo, "package.json"),
    JSON.stringify({ name: "bench", private: true, scripts: { build: "node build.js", start: "node server.js" } }),
  );
  writeFileSync(
    path.join(repo, "build.js"),
    `require("node:fs").writeFileSync("version.txt", ${JSON.stringify(version)});\n`,
  );
  writeFileSync(
    path.join(repo, "server.js"),
    `const body = require("node:fs").readFileSync("version.txt");\nrequire("node:http").createServer((q, s) => s.end(body)).listen(process.env.PORT);\n`,
  );
  await git("add", "-A");
  await git("commit", "-q", "-m", version);
}
const push = async () => {
  const started = performance.now();
  const { stderr } = await execFileAsync("git", ["push", `${slug}@127.0.0.1:app`, "main"], { cwd: repo, env: gitEnv });
  if (!/Release v\d+ is live/.test(stderr)) throw new Error(`the push did not go live:\n${stderr}`);
  return (performance.now() - started) / 1000;
};

// The first deploy replaces the starter; the measured one replaces a release, as every later deploy does.
await commitVersion("v1");
await push();
await commitVersion("v2");

const loopback: LookupFunction = (_host, options, callback) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};
const ca = await edgeRootCertificate(env.EDGE_ADMIN_URL!);
const agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca });
let sent = 0;
let failed = 0;
const answers = new Map<string, number>();
const failures: string[] = [];
const one = () =>
  new Promise<void>((resolve) => {
    sent++;
    const req = https.get(url, { agent, lookup: loopback, timeout: 10_000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d));
      res.on("end", () => {
        if (res.statusCode !== 200) {
          failed++;
          failures.push(`HTTP ${res.statusCode}`);
        } else answers.set(body, (answers.get(body) ?? 0) + 1);
        resolve();
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => {
      failed++;
      failures.push(error.message);
      resolve();
    });
  });
const inFlight = new Set<Promise<void>>();
const load = setInterval(() => {
  const p = one();
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}, 1000 / RATE);

await new Promise((r) => setTimeout(r, 1000));
const pushToLive = await push();
await new Promise((r) => setTimeout(r, AFTER_LIVE_MS));
clearInterval(load);
await Promise.all([...inFlight]);
agent.destroy();

const [release] = await db
  .select()
  .from(releases)
  .where(eq(releases.commitSha, (await git("rev-parse", "HEAD")).stdout.trim()));
const build = release!.buildSeconds!;

await worker.stop().catch(() => {});
await gateway.stop();
await edge.stop();
await docker.stop();
await mail.stop();
await pg.stop();
await rm(work, { recursive: true, force: true }).catch(() => {});

console.log(`load: ${sent} requests at ${RATE}/s; answers: ${[...answers].map(([b, n]) => `${b}×${n}`).join(", ")}`);
if (failures.length) console.log(`failures: ${[...new Set(failures)].join("; ")}`);
console.log(`targets: failed_requests = 0, push_to_live_s <= build_s + 2 (${(build + 2).toFixed(2)})`);
console.log(
  `deploy: push_to_live_s=${pushToLive.toFixed(2)} build_s=${build.toFixed(2)} overhead_s=${(pushToLive - build).toFixed(2)} failed_requests=${failed}`,
);
process.exit(0);
