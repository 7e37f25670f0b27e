import path from "node:path";
import { readDevEnv } from "../../lib/env";
import { startEmbeddedPostgres } from "./embedded-postgres";

export const DEV_POSTGRES_PORT = 54320;

// DATABASE_URL when it is set; otherwise the embedded development database under DATA_DIR, started for the call.
export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dev = readDevEnv();
  if (dev.DATABASE_URL) return fn(dev.DATABASE_URL);
  const pg = await startEmbeddedPostgres({
    dir: path.join(dev.DATA_DIR, "pg"),
    port: DEV_POSTGRES_PORT,
    database: "berth",
  });
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}
