import { randomUUID } from "node:crypto";
import { expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("staff see an instance's memory and disk near their limits on its admin page, with its usage chart", async ({
  browser,
  page,
  sql,
}) => {
  const email = uniqueEmail("near-both");
  await signUpVerifiedAndLogIn(page, email);
  // A running row without a container, as the jobs leave it: 96% of the Starter plan's disk, memory flagged after
  // ten minutes above 90%, and those ten minutes of 10 s samples at 490 MB of 512 MB.
  const [row] = await sql<{ id: string }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status, disk_used_bytes, disk_measured_at,
      disk_near_limit_at, memory_pressure_at)
    select u.id, 'crowded', ${`crowded-${randomUUID().slice(0, 8)}`}, p.id, s.id, 'running',
      (p.disk_gb * 0.96 * 1024 * 1024 * 1024)::bigint, now(), now(), now()
    from users u, plans p, stacks s where u.email = ${email} and p.slug = 'starter' and s.slug = 'demo'
    returning id`;
  await sql`insert into instance_metrics (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
    select ${row!.id}, 10, date_bin('10 seconds', now(), timestamptz 'epoch') - make_interval(secs => n * 10), 20, n,
      490 * 1048576, 512 * 1048576, (60 - n) * 10240, (60 - n) * 5120
    from generate_series(0, 59) n`;

  // Their own stream is the owner's: a customer cannot read it through /admin.
  expect((await page.request.get(`/admin/instances/${row!.id}/metrics`)).status()).toBe(404);

  const staff = await staffSession(browser);
  try {
    await staff.page.goto(`/admin/instances/${row!.id}`);
    const main = staff.page.getByRole("main");
    await expect(main.getByRole("status").filter({ hasText: "Near its disk limit since" })).toContainText(
      /it uses 4\.8 GB, above 90% of its plan's 5 GB\. The customer was emailed once/,
    );
    await expect(main.getByRole("status").filter({ hasText: "Near its memory limit since" })).toContainText(
      "above 90% of its plan's 512 MB for ten minutes",
    );
    await expect(main.getByTestId("usage-memory")).toHaveText("490 MB of 512 MB (96%)");
    await expect(main.getByTestId("usage-cpu")).toHaveText("40.0% of 0.5 vCPU");
    await expect(main.getByTestId("usage-network")).toHaveText("1.0 KB/s in, 512 B/s out");
    await expect(main.getByTestId("usage-disk")).toHaveText("4.8 GB of 5 GB (96%)");
    await expect(main.getByRole("img", { name: /^Memory: / }).locator("canvas")).toBeVisible();

    // Once the jobs clear the flags, the warnings go.
    await sql`update instances set disk_near_limit_at = null, memory_pressure_at = null where id = ${row!.id}`;
    await staff.page.reload();
    await expect(main.getByTestId("usage-memory")).toBeVisible();
    await expect(main.getByText(/Near its (disk|memory) limit/)).toHaveCount(0);
  } finally {
    await staff.context.close();
  }
});
