import { createDemoInstance, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// Billing through the local Stripe emulator's hosted Checkout page (started by scripts/test/e2e-server.ts).

test("a trial is upgraded through Checkout with card 4242 and stays the same instance, now paid", async ({
  page,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("upgrade");
  await signUpVerifiedAndLogIn(page, email);
  const instanceId = await createDemoInstance(page);

  await page.getByRole("button", { name: "Upgrade" }).click();
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Emulator notice" })).toBeVisible();
  await page.getByRole("radio", { name: /4242 4242 4242 4242/ }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();

  await expect(page).toHaveURL(/\/billing\/checkout\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: /your subscription is active/ })).toBeVisible();
  await page.getByRole("link", { name: "Back to your instance" }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instanceId}$`));
  await expect(page.getByRole("heading", { name: "Upgrade to a paid plan" })).toHaveCount(0);
  const [row] = await sql`select is_trial, status from instances where id = ${instanceId}`;
  expect(row).toMatchObject({ is_trial: false });
  expect(
    (
      await sql`select count(*)::int as n from instances i join users u on u.id = i.owner_id where u.email = ${email}`
    )[0]!.n,
  ).toBe(1);

  await page.goto("/billing");
  await expect(page.getByTestId("subscription-status")).toHaveText("active");
  await page.goto("/billing/invoices");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");
});

test("a declined card (0002) shows the error at Checkout and nothing is provisioned", async ({ page, sql }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail("declined");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/instances/new");
  await page.getByLabel("Name").fill("paid-shop");
  await page.getByRole("radio", { name: /Demo web server/ }).check();
  await page.getByRole("radio", { name: /^Pro\b/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();

  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await page.getByRole("radio", { name: /4000 0000 0000 0002/ }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("alert")).toContainText(/declined/i);

  const rows =
    await sql`select i.status, i.container_id from instances i join users u on u.id = i.owner_id where u.email = ${email}`;
  expect(rows).toEqual([{ status: "pending_payment", container_id: null }]);
  expect(
    (
      await sql`select count(*)::int as n from subscriptions s join users u on u.id = s.user_id where u.email = ${email}`
    )[0]!.n,
  ).toBe(0);

  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByRole("heading", { name: "Waiting for payment" })).toBeVisible();
  await expect(page.getByTestId("instance-status")).toHaveText("Awaiting payment");
});
