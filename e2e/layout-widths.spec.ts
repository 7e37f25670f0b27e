import { randomUUID } from "node:crypto";
import { expect, signUpVerifiedAndLogIn, test } from "./fixtures";

test("on a 390 px phone the instance page's Access tab, with its history and the tabs, does not scroll sideways", async ({
  page,
  sql,
}) => {
  const email = `phone-${randomUUID().slice(0, 8)}@example.test`;
  await signUpVerifiedAndLogIn(page, email);
  const [instance] = await sql<{ id: string }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status, ready_at)
    select u.id, 'phone', ${`phone-${randomUUID().slice(0, 8)}`}, p.id, s.id, 'running', now()
    from users u, plans p, stacks s where u.email = ${email} and p.slug = 'starter' and s.slug = 'demo' returning id`;
  await sql`insert into ssh_sessions (instance_id, user_id, key_fingerprint, remote_address, command, ended_at, exit_code)
    select ${instance!.id}, id, 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s', '2001:db8:85a3::8a2e:370:7334',
      'tail -f /var/log/nginx/access.log', now(), 0 from users where email = ${email}`;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/instances/${instance!.id}/access`);
  await expect(page.getByRole("heading", { name: "Access history" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Instance" })).toBeVisible();
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
});

test("at 1280 px the customer header stays on one line with a long email", async ({ page }) => {
  const email = `a-very-long-address-for-the-header-${randomUUID().slice(0, 8)}@customer-with-a-long-domain.example.test`;
  await signUpVerifiedAndLogIn(page, email);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/dashboard");
  const header = page.getByRole("banner");
  const logo = await header.getByRole("link", { name: "Berth" }).boundingBox();
  const help = await header.getByRole("link", { name: "Help" }).boundingBox();
  const logout = await header.getByRole("button", { name: "Log out" }).boundingBox();
  const centre = (b: { y: number; height: number }) => b.y + b.height / 2;
  expect(Math.abs(centre(help!) - centre(logo!))).toBeLessThan(8);
  expect(Math.abs(centre(logout!) - centre(logo!))).toBeLessThan(8);
  await expect(header.getByTestId("signed-in-as")).toHaveAttribute("title", email);
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
});
