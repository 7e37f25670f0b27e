import { z } from "zod";
import { createDb } from "../db";
import { ensureStaffAccount } from "../lib/accounts/staff";
import { withDatabase } from "./lib/dev-database";

// npm run admin:create -- <email> [--admin]
const args = process.argv.slice(2);
const email = z.email().safeParse(args.find((a) => !a.startsWith("--")));
if (!email.success) {
  console.error("Usage: npm run admin:create -- <email> [--admin]");
  process.exit(2);
}
const role = args.includes("--admin") ? "admin" : "staff";

await withDatabase(async (url) => {
  const { db, client } = createDb(url, 1);
  try {
    const { user, password } = await ensureStaffAccount(db, { email: email.data, role });
    if (password)
      console.log(`Created ${user.role} account ${user.email} with password: ${password}\nIt is shown only once.`);
    else console.log(`${user.email} is now ${user.role}. Their password is unchanged.`);
  } finally {
    await client.end();
  }
});
