import { randomUUID } from "node:crypto";
import { expect, staffSession, test } from "./fixtures";

test("host memory reads as a short number of gigabytes on /admin/hosts", async ({ browser, sql }) => {
  const tag = `mem-${randomUUID().slice(0, 8)}`;
  // 24,064 MB is 23.5 GB; a host that is draining takes no instances while the test runs.
  const [host] = await sql<{ id: string }[]>`insert into hosts (name, endpoint, status, memory_mb)
    values (${tag}, ${`tcp://127.0.0.1:9/${tag}`}, 'draining', 24064) returning id`;
  const staff = await staffSession(browser);
  try {
    await staff.page.goto("/admin/hosts");
    const card = staff.page.getByRole("heading", { name: new RegExp(`^${tag}`) }).locator("xpath=ancestor::div[2]");
    await expect(card).toContainText("used 0 MB of 23.5 GB · free 23.5 GB");
  } finally {
    await sql`delete from hosts where id = ${host!.id}`;
    await staff.context.close();
  }
});
