import { createDb } from "../db";
import { seedCatalog } from "../db/seed";
import { withDatabase } from "./lib/dev-database";

await withDatabase(async (url) => {
  const { db, client } = createDb(url, 1);
  try {
    const counts = await seedCatalog(db);
    console.log(`Catalog seeded: ${counts.plans} plans, ${counts.stacks} stacks.`);
  } finally {
    await client.end();
  }
});
