import "./lib/load-env";
import { spawn } from "node:child_process";
import path from "node:path";
import { readDevEnv } from "../lib/env";
import { DEV_POSTGRES_PORT } from "./lib/dev-database";
import { startMaildev, stopChild } from "./lib/embedded-mail";
import { startLocalS3 } from "./lib/embedded-s3";
import { startLocalStripe, syncLocalCatalog } from "./lib/local-stripe";
import { startInstancePlatform } from "./lib/platform";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { prepareDatabase } from "./lib/prepare-database";
import { persistentSecret } from "./lib/secrets";
import { waitForHttp } from "./lib/wait";

// npm run dev: every part Berth needs, embedded unless configured, then the Next.js dev server.
const dev = readDevEnv();
const stops: (() => Promise<unknown>)[] = [];
const log = (line: string) => console.log(`\x1b[36m[berth]\x1b[0m ${line}`);

let databaseUrl = dev.DATABASE_URL;
if (!databaseUrl) {
  const pg = await startEmbeddedPostgres({
    dir: path.join(dev.DATA_DIR, "pg"),
    port: DEV_POSTGRES_PORT,
    database: "berth",
  });
  stops.push(pg.stop);
  databaseUrl = pg.url;
  log(`PostgreSQL (embedded, data in ${dev.DATA_DIR}/pg) on port ${DEV_POSTGRES_PORT}`);
}

let smtpUrl = dev.SMTP_URL;
let mailboxUrl: string | undefined;
if (!smtpUrl) {
  const mail = await startMaildev({ smtpPort: 1025, webPort: 1080, mailDir: path.join(dev.DATA_DIR, "mail") });
  stops.unshift(mail.stop);
  smtpUrl = mail.smtpUrl;
  mailboxUrl = mail.webUrl;
}

const created = await prepareDatabase(databaseUrl, {
  firstAdminEmail: "admin@berth.localhost",
  demoStack: true,
  localStacks: true,
});
const appUrl = `http://localhost:${dev.PORT}`;
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  SMTP_URL: smtpUrl,
  AUTH_SECRET: dev.AUTH_SECRET ?? persistentSecret(dev.DATA_DIR, "auth"),
  ENV_ENCRYPTION_KEY: dev.ENV_ENCRYPTION_KEY ?? persistentSecret(dev.DATA_DIR, "env-encryption"),
  APP_URL: dev.APP_URL ?? appUrl,
  NEXT_TELEMETRY_DISABLED: "1",
};

// Backups go to object storage: a local S3 server (s3rver, data in .data/s3) unless a bucket is configured.
if (!dev.BACKUP_S3_BUCKET) {
  const s3 = await startLocalS3({ dir: path.join(dev.DATA_DIR, "s3"), port: 4568 });
  stops.unshift(s3.stop);
  Object.assign(childEnv, s3.env);
  log(`S3 for backups (s3rver, data in ${dev.DATA_DIR}/s3) on ${s3.endpoint}`);
}

const stripe = await startLocalStripe({
  source: { STRIPE_SECRET_KEY: dev.STRIPE_SECRET_KEY },
  port: 12111,
  webhookUrl: `${appUrl}/api/stripe/webhook`,
});
stops.push(stripe.stop);
Object.assign(childEnv, stripe.env);
if (stripe.emulator) await syncLocalCatalog(databaseUrl, childEnv);

const platform = await startInstancePlatform({
  dataDir: dev.DATA_DIR,
  dockerHost: dev.DOCKER_HOST,
  env: childEnv,
  log,
});
stops.unshift(platform.stop);
Object.assign(childEnv, platform.env);

const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const web = spawn(process.execPath, [nextBin, "dev", "-p", String(dev.PORT)], { stdio: "inherit", env: childEnv });
stops.unshift(() => stopChild(web));

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  // Ctrl-C reaches every process of the terminal at once (PostgreSQL included), so a part may already be gone:
  // no stop may hold the others up for long.
  for (const stop of stops) {
    await Promise.race([
      stop().catch((e: unknown) => console.error(e)),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ]);
  }
  log("stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
web.on("exit", (code) => void shutdown(code ?? 0));

try {
  await waitForHttp(`${appUrl}/api/health`, { timeoutMs: 120_000, child: web, name: "next dev" });
  log(`App:      ${appUrl}`);
  if (mailboxUrl) log(`Mailbox:  ${mailboxUrl}  (every email Berth sends lands here)`);
  log(platform.dockerNote);
  log(platform.edgeNote);
  log(stripe.note);
  log(`SSH gateway on port ${dev.SSH_GATEWAY_PORT}; job worker running.`);
  log("Press Ctrl-C to stop everything.");
} finally {
  if (created?.password) {
    log(`Admin account created: ${created.user.email}  password: ${created.password}`);
    log("This password is shown only once. Change it in Settings after you log in.");
  }
}
