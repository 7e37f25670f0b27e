import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { buildTestImages, TEST_IMAGES } from "../scripts/build-test-images";
import { copyImages } from "../scripts/lib/copy-images";
import { startPrivateDockerd } from "../scripts/lib/docker-engine";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { socketDir } from "../scripts/lib/platform";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { ensureRelayImage } from "../lib/providers/relay-image";

// npm run bench:fleet [-- --instances N]: two private engines on this machine (loopback and Unix sockets only),
// N instances of the busybox test image placed across them by Berth's placement (decisions per second, memory
// imbalance between the hosts), created there, then upgraded to a new image by the fleet upgrade's waves
// (per-instance downtime; instances left on the old image or down).
const flag = process.argv.indexOf("--instances");
const N = flag > 0 ? Number(process.argv[flag + 1]) : 200;
if (!Number.isInteger(N) || N < 1 || N > 500) throw new Error("--instances takes a number from 1 to 500");
const PLAN_MB = 64;
const CREATE_CONCURRENCY = 4;

const work = path.resolve(`.data/bench/fleet-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({
  dir: path.join(work, "pg"),
  port: await freePort(),
  database: "bench",
  fresh: true,
});
const [one, two] = await Promise.all([
  startPrivateDockerd({ dataDir: path.join(work, "docker") }),
  startPrivateDockerd({ dataDir: path.join(work, "docker-2") }),
]);
const stop = async () => {
  await Promise.all([one.stop(), two.stop()]);
  await pg.stop();
  await rm(work, { recursive: true, force: true }).catch(() => {});
};
try {
  await buildTestImages(one.dockerHost);
  await ensureRelayImage(one.dockerHost, "berth/relay:latest");
  await copyImages(one.dockerHost, two.dockerHost, [TEST_IMAGES.http, "berth/relay:latest"]);
  await prepareDatabase(pg.url, { demoStack: true });
  Object.assign(process.env, {
    DATABASE_URL: pg.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    DOCKER_HOST: one.dockerHost,
    BACKUP_DIR: path.join(work, "backups"),
    INSTANCE_NETWORK: "isolated",
    INSTANCE_PORTS: "24000-24999",
    INSTANCE_SOCKET_DIR: socketDir(work),
    MAX_INSTANCES_PER_ACCOUNT: "1000",
  });
  // Imported after the environment above is in place: they read it.
  const { run } = await import("./lib/fleet-run");
  await run({ instances: N, planMb: PLAN_MB, concurrency: CREATE_CONCURRENCY, second: two.dockerHost });
} finally {
  await stop();
}
