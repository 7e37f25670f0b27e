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

test("the overview counts as paid only instances whose subscription bills, not ones waiting for Checkout", async ({
  browser,
  sql,
}) => {
  const tag = `unpaid-${randomUUID().slice(0, 8)}`;
  // A paid-plan instance whose Checkout never completed: not a trial, and not paid either.
  const [owner] = await sql<{ id: string }[]>`insert into users (email, name, role, email_verified)
    values (${`${tag}@example.test`}, 'Unpaid', 'customer', now()) returning id`;
  await sql`insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    select ${owner!.id}, 'unpaid', ${tag}, p.id, s.id, 'pending_payment' from plans p, stacks s
    where p.slug = 'pro' and s.slug = 'demo'`;
  const staff = await staffSession(browser);
  try {
    await staff.page.goto("/admin");
    const [paid] = await sql<{ n: number }[]>`select count(distinct s.instance_id)::int as n from subscriptions s
      join instances i on i.id = s.instance_id
      where s.status in ('active', 'trialing', 'past_due') and i.status <> 'terminated'`;
    const tile = staff.page
      .getByRole("term")
      .filter({ hasText: /^Paid instances$/ })
      .locator("xpath=following-sibling::dd");
    await expect(tile).toHaveText(String(paid!.n));
  } finally {
    await sql`delete from instances where owner_id = ${owner!.id}`;
    await sql`delete from users where id = ${owner!.id}`;
    await staff.context.close();
  }
});

test("/admin/hosts charts a host's last hour against its size", async ({ browser, sql }) => {
  const tag = `chart-${randomUUID().slice(0, 8)}`;
  const [host] = await sql<{ id: string }[]>`insert into hosts (name, endpoint, status, memory_mb, cpus)
    values (${tag}, ${`tcp://127.0.0.1:9/${tag}`}, 'draining', 8192, 4) returning id`;
  const [owner] = await sql<{ id: string }[]>`insert into users (email, name, role, email_verified)
    values (${`${tag}@example.test`}, 'Charted', 'customer', now()) returning id`;
  // A row without a container: the chart only reads the samples, here ten minutes of 10 s points at 256 MB.
  const [instance] = await sql<
    { id: string }[]
  >`insert into instances (owner_id, name, slug, plan_id, stack_id, host_id, status)
    select ${owner!.id}, 'charted', ${tag}, p.id, s.id, ${host!.id}, 'running' from plans p, stacks s
    where p.slug = 'starter' and s.slug = 'demo' returning id`;
  await sql`insert into instance_metrics (instance_id, resolution, at, cpu_percent, cpu_ns, memory_bytes, memory_limit_bytes, net_rx_bytes, net_tx_bytes)
    select ${instance!.id}, 10, date_bin('10 seconds', now(), timestamptz 'epoch') - make_interval(secs => n * 10), 50, n, 268435456, 536870912, 0, 0
    from generate_series(0, 59) n`;
  const staff = await staffSession(browser);
  try {
    await staff.page.goto("/admin/hosts");
    const usage = staff.page.getByLabel(`Usage on ${tag}`);
    await expect(usage.getByTestId("usage-memory")).toHaveText("256 MB in use of 8 GB");
    await expect(usage.getByTestId("usage-cpu")).toHaveText("50.0% of one core (4 cores)");
    await expect(usage.getByRole("img", { name: /^Memory: / }).locator("canvas")).toBeVisible();
  } finally {
    await sql`delete from instances where id = ${instance!.id}`;
    await sql`delete from users where id = ${owner!.id}`;
    await sql`delete from hosts where id = ${host!.id}`;
    await staff.context.close();
  }
});
