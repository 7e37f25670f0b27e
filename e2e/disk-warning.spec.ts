import { randomUUID } from "node:crypto";
import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("above 90% of its disk, every tab of the instance shows a banner suggesting a bigger plan", async ({
  page,
  sql,
}) => {
  const email = uniqueEmail("disknear");
  await signUpVerifiedAndLogIn(page, email);
  // A running row without a container, as the measure-disk job leaves it: 4.6 GB of the Starter plan's disk.
  const [row] = await sql<{ id: string; disk_gb: number }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status, disk_used_bytes, disk_measured_at, disk_near_limit_at)
    select u.id, 'full', ${`full-${randomUUID().slice(0, 8)}`}, p.id, s.id, 'running',
      (p.disk_gb * 0.92 * 1024 * 1024 * 1024)::bigint, now(), now()
    from users u, plans p, stacks s where u.email = ${email} and p.slug = 'starter' and s.slug = 'demo'
    returning id, (select disk_gb from plans where slug = 'starter') as disk_gb`;
  for (const tab of ["", "/backups", "/settings"]) {
    await page.goto(`/instances/${row!.id}${tab}`);
    const banner = page.getByRole("main").getByRole("status").filter({ hasText: "more than 90% of the" });
    await expect(banner).toContainText(`more than 90% of the ${row!.disk_gb} GB of its plan`);
    await expect(banner.getByRole("link", { name: "resize to a plan with more disk" })).toHaveAttribute(
      "href",
      `/instances/${row!.id}/settings`,
    );
  }
  // Back below 80%, the measure-disk job clears it and the banner goes.
  await sql`update instances set disk_near_limit_at = null, disk_used_bytes = 1024 where id = ${row!.id}`;
  await page.reload();
  await expect(page.getByText("more than 90% of the")).toHaveCount(0);
});
