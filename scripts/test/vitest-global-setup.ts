import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { runMigrations } from "../../db/migrate";
import { ensureRelayImage } from "../../lib/providers/relay-image";
import { buildTestImages, TEST_IMAGES } from "../build-test-images";
import { buildStackImages } from "../stack-images/build";
import { startEdge } from "../lib/edge";
import { copyImages } from "../lib/copy-images";
import { startPrivateDockerd } from "../lib/docker-engine";
import { freePort } from "../lib/free-port";
import { startMaildev } from "../lib/embedded-mail";
import { startLocalS3 } from "../lib/embedded-s3";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { startLocalStripe, syncLocalCatalog } from "../lib/local-stripe";
import { socketDir } from "../lib/platform";

// Integration tests run against a real PostgreSQL, a real SMTP server and a real (private) Docker engine,
// started fresh for each run on ports and in directories of its own, so two runs never meet.
export default async function setup() {
  const dir = `.data/test/vitest-${process.pid}`;
  const pg = await startEmbeddedPostgres({
    dir: `${dir}/pg`,
    port: await freePort(),
    database: "berth_vitest",
    fresh: true,
  });
  const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
  const s3 = await startLocalS3({ dir: `${dir}/s3`, port: await freePort() });
  await runMigrations(pg.url);
  // Two engines, started side by side: the fleet suites place, move and upgrade instances across both.
  const [docker, docker2] = await Promise.all([
    startPrivateDockerd({ dataDir: `${dir}/docker` }),
    startPrivateDockerd({ dataDir: `${dir}/docker-2` }),
  ]).catch((error: Error) => {
    throw new Error(
      `The integration tests need Docker (apt-get install docker.io busybox-static, run as root): ${error.message}`,
    );
  });
  await buildTestImages(docker.dockerHost);
  await ensureRelayImage(docker.dockerHost, "berth/relay:latest");
  // The second engine gets the demo stack's and the relay's images from the first, while the first imports the
  // stacks' images (built from Debian packages once per machine, cached under .data/stack-images).
  const [built] = await Promise.all([
    buildStackImages(docker.dockerHost),
    copyImages(docker.dockerHost, docker2.dockerHost, [TEST_IMAGES.http, "berth/relay:latest"]),
  ]);
  if (built.some((b) => b.action === "built"))
    console.log(`stack images: ${built.map((b) => `${b.tag} ${b.action} in ${b.seconds} s`).join(", ")}`);
  const edge = await startEdge({ dataDir: `${dir}/edge` });
  // No webhook URL: the billing tests fetch the emulator's events and deliver them to the route themselves.
  const stripe = await startLocalStripe({ source: {}, port: await freePort() });
  // Workers are forked after this runs and inherit these.
  Object.assign(process.env, {
    DATABASE_URL: pg.url,
    SMTP_URL: mail.smtpUrl,
    MAILDEV_URL: mail.webUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: "http://localhost:3999",
    DOCKER_HOST: docker.dockerHost,
    // Not a host until a suite adds it: the suites that expect one engine keep their instances on the first.
    DOCKER_HOST_2: docker2.dockerHost,
    BACKUP_DIR: `${dir}/backups`,
    ...s3.env,
    // The S3 SDK warns once per process that its 2027 releases need Node 22; the suites' output stays readable.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    SSH_HOST_KEY_PATH: `${dir}/ssh/host_ed25519_key`,
    SSH_GATEWAY_HOST: "127.0.0.1",
    SSH_GATEWAY_PORT: String(await freePort()),
    INSTANCE_PORTS: "22000-22999",
    INSTANCE_NETWORK: "isolated",
    // One sample a minute, so the test workers' cron run does not hold a slot while the suites run.
    METRICS_SAMPLE_SECONDS: "60",
    // The suites' instances stay up until the run ends (over 50 of the 512 MB plan): on one engine with the memory
    // of a small machine, the last suites would otherwise wait for capacity. Tests that need a full host size their
    // plan to the host's reckoned memory.
    HOST_MEMORY_OVERCOMMIT: "4",
    INSTANCE_SOCKET_DIR: socketDir(dir),
    EDGE_ADMIN_URL: edge.adminUrl,
    EDGE_LISTEN_ADDRESS: "127.0.0.1",
    EDGE_HTTPS_PORT: String(await freePort()),
    EDGE_HTTP_PORT: String(await freePort()),
    EDGE_TLS: "internal",
    APPS_DOMAIN: "apps.localhost",
    // Custom-domain lookups never leave loopback: nothing answers here, and the tests that look names up run a
    // DNS server of their own and point at it.
    DNS_RESOLVER: `127.0.0.1:${await freePort()}`,
    // The suite runs no Next server: the custom-domain tests serve the ask route on this port themselves.
    EDGE_ASK_URL: `http://127.0.0.1:${await freePort()}/api/edge/ask`,
    ...stripe.env,
    STRIPE_EMULATOR_URL: stripe.emulator!.url,
  });
  await syncLocalCatalog(pg.url, stripe.env, { seed: true });
  return async () => {
    await stripe.stop();
    await mail.stop();
    await s3.stop();
    await pg.stop();
    await edge.stop();
    await Promise.all([docker.stop(), docker2.stop()]);
    // dockerd can leave a mount behind under its data root; what can't be removed now goes with the next clean.
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  };
}
