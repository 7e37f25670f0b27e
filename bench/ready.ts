import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { localStacks } from "../db/catalog-data";
import { buildTestImages, TEST_IMAGES } from "../scripts/build-test-images";
import { ensureStackImage } from "../scripts/stack-images/build";
import { STACK_IMAGE_RECIPES } from "../scripts/stack-images/recipes";
import { ensureRelayImage } from "../lib/providers/relay-image";
import { startPrivateDockerd } from "../scripts/lib/docker-engine";
import { startEdge } from "../scripts/lib/edge";
import { startMaildev } from "../scripts/lib/embedded-mail";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { socketDir } from "../scripts/lib/platform";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { bareRunToFirst2xx, type BareRun } from "./lib/bare-docker";
import { percentile, seconds } from "./lib/stats";

// npm run bench:ready: time from "create" to ready_at (container runs, HTTP 2xx, SSH works) on a local engine,
// for one instance alone and for 20 created at once, against bare `docker run` + first 2xx of the same image,
// in alternating rounds: the demo stack, then the Node.js stack's starter (the image built from Debian's nodejs).
const ONE_RUNS = 5;
const MANY = 20;
const ROUNDS = 5;
const NODE_ONE_RUNS = 5;
const NODE_ROUNDS = 3;

// Under the project, not the 0700 temp dir: PostgreSQL runs as its own user and must reach its data directory.
const work = path.resolve(`.data/bench/run-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({
  dir: path.join(work, "pg"),
  port: await freePort(),
  database: "bench",
  fresh: true,
});
const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
const docker = await startPrivateDockerd({ dataDir: ".data/bench/docker" });
await buildTestImages(docker.dockerHost);
await ensureRelayImage(docker.dockerHost, "berth/relay:latest");
await ensureStackImage(
  docker.dockerHost,
  STACK_IMAGE_RECIPES.find((r) => r.stack === "node")!,
);
// Instances are isolated as in production on one host: each behind its relay, its address served by the edge.
const edge = await startEdge({ dataDir: path.join(work, "edge") });
await prepareDatabase(pg.url, { demoStack: true, localStacks: true });
Object.assign(process.env, {
  DATABASE_URL: pg.url,
  SMTP_URL: mail.smtpUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  DOCKER_HOST: docker.dockerHost,
  BACKUP_DIR: path.join(work, "backups"),
  SSH_HOST_KEY_PATH: path.join(work, "ssh", "host_key"),
  SSH_GATEWAY_HOST: "127.0.0.1",
  SSH_GATEWAY_PORT: String(await freePort()),
  MAX_INSTANCES_PER_ACCOUNT: "100",
  INSTANCE_PORTS: "23000-23999",
  INSTANCE_NETWORK: "isolated",
  INSTANCE_SOCKET_DIR: socketDir(work),
  EDGE_ADMIN_URL: edge.adminUrl,
});

// Imported after the environment above is in place: they read it.
const { measureBerth } = await import("./lib/berth-ready");
const berth = await measureBerth({ oneRuns: ONE_RUNS });
// Both sides swing by a third from run to run on a shared 2-core machine, so they take turns, round after
// round, and each side's figure is the median of its rounds' p50s.
const rounds: { berth: number[]; bare: number[]; breakdown: string }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const many = await berth.many(MANY);
  const bare = await bareRunToFirst2xx(docker.dockerHost, TEST_IMAGES.http, MANY);
  rounds.push({ berth: many.times, bare, breakdown: many.breakdown });
  console.log(
    `round ${r + 1}: Berth ${MANY} at once p50=${seconds(percentile(many.times, 50))} p95=${seconds(percentile(many.times, 95))}; bare p50=${seconds(percentile(bare, 50))}; ${many.breakdown}`,
  );
}

// The Node.js stack: the same image, command, environment and fresh volume in both, Berth's instance isolated
// behind its relay (and checked over SSH too), the bare one on the host's network.
const nodeStack = localStacks.find((s) => s.slug === "local-node")!;
const nodeBare: BareRun = {
  image: nodeStack.image,
  cmd: nodeStack.command!,
  env: nodeStack.env,
  volumePath: nodeStack.volumePath,
  healthPath: nodeStack.healthPath,
};
const nodeOne = { berth: [] as number[], bare: [] as number[], breakdowns: [] as string[] };
for (let r = 0; r < NODE_ONE_RUNS; r++) {
  const run = await berth.many(1, nodeStack.slug!);
  nodeOne.berth.push(...run.times);
  nodeOne.breakdowns.push(run.breakdown);
  nodeOne.bare.push(...(await bareRunToFirst2xx(docker.dockerHost, nodeBare, 1)));
}
const nodeRounds: { berth: number[]; bare: number[] }[] = [];
for (let r = 0; r < NODE_ROUNDS; r++) {
  const many = await berth.many(MANY, nodeStack.slug!);
  const bare = await bareRunToFirst2xx(docker.dockerHost, nodeBare, MANY);
  nodeRounds.push({ berth: many.times, bare });
  console.log(
    `node round ${r + 1}: Berth ${MANY} at once p50=${seconds(percentile(many.times, 50))} p95=${seconds(percentile(many.times, 95))}; bare p50=${seconds(percentile(bare, 50))}; ${many.breakdown}`,
  );
}
await berth.stop();

const median = (values: number[]) => percentile(values, 50);
const oneP50 = percentile(berth.one, 50);
const manyP50 = median(rounds.map((r) => percentile(r.berth, 50)));
const manyP95 = median(rounds.map((r) => percentile(r.berth, 95)));
const bareP50 = median(rounds.map((r) => percentile(r.bare, 50)));
console.log(`one instance (${ONE_RUNS} runs): ${berth.one.map(seconds).join(" ")}; ${berth.oneBreakdown}`);
console.log(
  `${MANY} at once, median of ${ROUNDS} rounds: p50=${seconds(manyP50)} p95=${seconds(manyP95)}; bare docker run + first 2xx p50=${seconds(bareP50)}`,
);
console.log(`targets: one_p50 <= 1s, many_p50 <= 1.5 x bare_many_p50 (${seconds(1.5 * bareP50)})`);
const nodeOneP50 = percentile(nodeOne.berth, 50);
const nodeBareOneP50 = percentile(nodeOne.bare, 50);
const nodeManyP50 = median(nodeRounds.map((r) => percentile(r.berth, 50)));
const nodeBareManyP50 = median(nodeRounds.map((r) => percentile(r.bare, 50)));
console.log(
  `node starter, one (${NODE_ONE_RUNS} runs): Berth ${nodeOne.berth.map(seconds).join(" ")}; bare ${nodeOne.bare.map(seconds).join(" ")}`,
);
for (const line of nodeOne.breakdowns) console.log(`node starter, one: ${line}`);
console.log(`node starter target: Berth / bare <= 1.2 for one and for ${MANY} at once`);

await edge.stop();
await docker.stop();
await mail.stop();
await pg.stop();
await rm(work, { recursive: true, force: true }).catch(() => {});
console.log(
  `ready: one_p50=${seconds(oneP50)} many_p50=${seconds(manyP50)} many_p95=${seconds(manyP95)} bare_many_p50=${seconds(bareP50)} ratio=${(manyP50 / bareP50).toFixed(2)}`,
);
console.log(
  `ready node: one_p50=${seconds(nodeOneP50)} bare_one_p50=${seconds(nodeBareOneP50)} ratio_one=${(nodeOneP50 / nodeBareOneP50).toFixed(2)} many_p50=${seconds(nodeManyP50)} bare_many_p50=${seconds(nodeBareManyP50)} ratio_many=${(nodeManyP50 / nodeBareManyP50).toFixed(2)}`,
);
process.exit(0);
