import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { runMigrations } from "../../db/migrate";
import { freePort } from "../lib/free-port";
import { startMaildev } from "../lib/embedded-mail";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";

// Integration tests run against a real PostgreSQL and a real SMTP server, started fresh for each run on ports
// and in a directory of its own, so two runs (or a run beside `npm run dev`) never meet.
export default async function setup() {
  const dir = `.data/test/vitest-pg-${process.pid}`;
  const pg = await startEmbeddedPostgres({ dir, port: await freePort(), database: "berth_vitest", fresh: true });
  const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
  await runMigrations(pg.url);
  // Workers are forked after this runs and inherit these.
  Object.assign(process.env, {
    DATABASE_URL: pg.url,
    SMTP_URL: mail.smtpUrl,
    MAILDEV_URL: mail.webUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: "http://localhost:3999",
  });
  return async () => {
    await mail.stop();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
