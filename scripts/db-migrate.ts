import { runMigrations } from "../db/migrate";
import { withDatabase } from "./lib/dev-database";

await withDatabase(async (url) => {
  await runMigrations(url);
  console.log("Migrations applied.");
});
