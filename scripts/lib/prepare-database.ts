import { eq } from "drizzle-orm";
import { createDb } from "../../db";
import { runMigrations } from "../../db/migrate";
import { users } from "../../db/schema";
import { seedCatalog, seedDemoStack, seedLocalStacks } from "../../db/seed";
import { ensureStaffAccount } from "../../lib/accounts/staff";

// Migrations, the catalog, and on the very first start an admin account whose generated password is shown once.
export async function prepareDatabase(
  url: string,
  opts: { firstAdminEmail?: string; demoStack?: boolean; localStacks?: boolean } = {},
) {
  await runMigrations(url);
  const { db, client } = createDb(url, 1);
  try {
    await seedCatalog(db);
    if (opts.demoStack) await seedDemoStack(db);
    // `npm run dev`: the stacks whose images it builds from Debian packages.
    if (opts.localStacks) await seedLocalStacks(db);
    if (!opts.firstAdminEmail) return null;
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
    if (admin) return null;
    return await ensureStaffAccount(db, { email: opts.firstAdminEmail, role: "admin" });
  } finally {
    await client.end({ timeout: 5 });
  }
}
