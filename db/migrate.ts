import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "./index";

export async function runMigrations(url: string) {
  const { db, client } = createDb(url, 1);
  try {
    await migrate(db, { migrationsFolder: "db/migrations" });
  } finally {
    await client.end({ timeout: 5 });
  }
}
