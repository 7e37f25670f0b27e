import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import path from "node:path";
import { startMaildev, stopChild } from "../lib/embedded-mail";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { prepareDatabase } from "../lib/prepare-database";
import { TEST_PORTS } from "./ports";

// Playwright's web server: a fresh database and mailbox, then `next start` on the production build.
const pg = await startEmbeddedPostgres({ dir: ".data/test/e2e-pg", port: TEST_PORTS.e2ePostgres, database: "berth_e2e", fresh: true });
const mail = await startMaildev({ smtpPort: TEST_PORTS.e2eSmtp, webPort: TEST_PORTS.e2eMailWeb });
await prepareDatabase(pg.url);

const web = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(TEST_PORTS.e2eApp)], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: pg.url,
    SMTP_URL: mail.smtpUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: `http://127.0.0.1:${TEST_PORTS.e2eApp}`,
  },
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await stopChild(web);
  await mail.stop();
  await pg.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
web.on("exit", () => void shutdown());
