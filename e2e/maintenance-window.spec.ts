import { randomUUID } from "node:crypto";
import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("a customer opts in to a maintenance window on Settings: a clear refusal without an hour, then it is saved, shown and on the timeline", async ({
  page,
  sql,
}) => {
  const email = uniqueEmail("window");
  await signUpVerifiedAndLogIn(page, email);
  const [row] = await sql<{ id: string }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    select u.id, 'shop', ${`shop-${randomUUID().slice(0, 8)}`}, p.id, s.id, 'running'
    from users u, plans p, stacks s where u.email = ${email} and p.slug = 'starter' and s.slug = 'demo'
    returning id`;
  await page.goto(`/instances/${row!.id}/settings`);
  const panel = page.getByRole("form", { name: "Maintenance window" });
  await expect(page.getByText("No maintenance window: upgrades are applied as soon as they roll out.")).toBeVisible();
  await expect(panel.getByLabel("Apply upgrades")).toHaveValue("none");

  await panel.getByLabel("Apply upgrades").selectOption({ label: "Sundays" });
  await panel.getByRole("button", { name: "Save window" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Please choose the hour the window opens.");
  const [unchanged] = await sql`select maintenance_hour, maintenance_weekday from instances where id = ${row!.id}`;
  expect(unchanged).toEqual({ maintenance_hour: null, maintenance_weekday: null });
  // The choice survives the refusal.
  await expect(panel.getByLabel("Apply upgrades")).toHaveValue("0");

  await panel.getByLabel("From (UTC, for two hours)").selectOption({ label: "03:00–05:00" });
  await panel.getByRole("button", { name: "Save window" }).click();
  await expect(panel.getByRole("status")).toHaveText("Maintenance window saved: Sundays, 03:00–05:00 UTC.");
  const [saved] = await sql`select maintenance_hour, maintenance_weekday from instances where id = ${row!.id}`;
  expect(saved).toEqual({ maintenance_hour: 3, maintenance_weekday: 0 });

  await page.reload();
  await expect(page.getByText("Sundays, 03:00–05:00 UTC.").first()).toBeVisible();
  await expect(panel.getByLabel("From (UTC, for two hours)")).toHaveValue("3");
  await page.goto(`/instances/${row!.id}`);
  await expect(page.getByText("Maintenance window for upgrades: Sundays, 03:00–05:00 UTC.")).toBeVisible();
});
