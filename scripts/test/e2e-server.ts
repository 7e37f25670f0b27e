import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { startMaildev, stopChild } from "../lib/embedded-mail";
import { startLocalS3 } from "../lib/embedded-s3";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { freePort } from "../lib/free-port";
import { startLocalStripe, syncLocalCatalog } from "../lib/local-stripe";
import { startInstancePlatform } from "../lib/platform";
import { prepareDatabase } from "../lib/prepare-database";
import { writeE2eEdge } from "./e2e-edge";
import { E2E_BILLING_PERIODS, E2E_OPERATOR, writeE2eStripe } from "./e2e-stripe";
import { TEST_PORTS } from "./ports";

// Playwright's web server: a fresh database, mailbox, job worker, SSH gateway and a private Docker engine,
// then the production server (`npm start`'s) on the build. The suite fails when Docker is missing: instances can't start.
const DATA = ".data/test/e2e";
await rm(DATA, { recursive: true, force: true });
const pg = await startEmbeddedPostgres({
  dir: ".data/test/e2e-pg",
  port: TEST_PORTS.e2ePostgres,
  database: "berth_e2e",
  fresh: true,
});
const mail = await startMaildev({ smtpPort: TEST_PORTS.e2eSmtp, webPort: TEST_PORTS.e2eMailWeb });
const s3 = await startLocalS3({ dir: path.join(DATA, "s3"), port: await freePort() });
await prepareDatabase(pg.url, { demoStack: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: pg.url,
  SMTP_URL: mail.smtpUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_URL: `http://127.0.0.1:${TEST_PORTS.e2eApp}`,
  SSH_GATEWAY_PORT: String(TEST_PORTS.e2eSsh),
  SSH_GATEWAY_HOST: "127.0.0.1",
  SSH_HOST_KEY_PATH: path.join(DATA, "ssh", "host_ed25519_key"),
  BACKUP_DIR: path.join(DATA, "backups"),
  ...s3.env,
  INSTANCE_NETWORK: "isolated",
  // As behind a reverse proxy on loopback: each test's browser says where it comes from in X-Forwarded-For, so
  // per-address rate limits of one test never touch another's.
  TRUSTED_PROXIES: "127.0.0.1,::1",
  INSTANCE_PORTS: "21000-21999",
  // The edge on loopback with its local CA, on ports apart from `npm run dev` (3443, 3080): a production build,
  // not a production edge.
  EDGE_LISTEN_ADDRESS: "127.0.0.1",
  EDGE_HTTPS_PORT: String(TEST_PORTS.e2eEdgeHttps),
  EDGE_HTTP_PORT: String(TEST_PORTS.e2eEdgeHttp),
  EDGE_TLS: "internal",
  APPS_DOMAIN: "apps.localhost",
  // Custom domains are looked up on the DNS server e2e/domains.spec.ts runs on loopback.
  DNS_RESOLVER: `127.0.0.1:${TEST_PORTS.e2eDns}`,
  GRACE_DAYS: String(E2E_BILLING_PERIODS.GRACE_DAYS),
  RETENTION_DAYS: String(E2E_BILLING_PERIODS.RETENTION_DAYS),
  ...E2E_OPERATOR,
};
const stripe = await startLocalStripe({
  source: {},
  port: await freePort(),
  webhookUrl: `${env.APP_URL}/api/stripe/webhook`,
});
Object.assign(env, stripe.env);
await syncLocalCatalog(pg.url, env);
if (stripe.emulator) await writeE2eStripe({ url: stripe.emulator.url, env: stripe.env });
console.log(`[e2e] ${stripe.note}`);
const platform = await startInstancePlatform({
  dataDir: ".data/test",
  env,
  log: (line) => console.log(`[e2e] ${line}`),
});
if (!platform.dockerHost) throw new Error(`The end-to-end suite needs Docker. ${platform.dockerNote}`);
Object.assign(env, platform.env);
await writeE2eEdge({ rootCertificate: path.resolve(platform.edgeRootCertificate!) });

const web = spawn(
  process.execPath,
  ["--import", "tsx", path.join("scripts", "web-server.ts"), "-H", "127.0.0.1", "-p", String(TEST_PORTS.e2eApp)],
  { stdio: "inherit", env },
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await stopChild(web);
  await platform.stop();
  await stripe.stop();
  await mail.stop();
  await s3.stop();
  await pg.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
web.on("exit", () => void shutdown());
