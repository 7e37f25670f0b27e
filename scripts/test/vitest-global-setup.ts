import { randomBytes } from "node:crypto";
import { runMigrations } from "../../db/migrate";
import { startMaildev } from "../lib/embedded-mail";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { TEST_PORTS } from "./ports";

// Integration tests run against a real PostgreSQL and a real SMTP server, started fresh for each run.
export default async function setup() {
  const pg = await startEmbeddedPostgres({ dir: ".data/test/vitest-pg", port: TEST_PORTS.vitestPostgres, database: "berth_vitest", fresh: true });
  const mail = await startMaildev({ smtpPort: TEST_PORTS.vitestSmtp, webPort: TEST_PORTS.vitestMailWeb });
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
  };
}
