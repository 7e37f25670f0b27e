import { expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("staff grant credit on a user's page; the customer sees it on /billing and bad amounts are refused", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("credited");
  await signUpVerifiedAndLogIn(page, email);
  const [user] = await sql<{ id: string }[]>`select id from users where email = ${email}`;

  const staff = await staffSession(browser);
  await staff.page.goto(`/admin/invoices?email=${encodeURIComponent(email)}`);
  await expect(staff.page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  await expect(staff.page.getByText("No invoices match.")).toBeVisible();

  await staff.page.goto(`/admin/users/${user!.id}`);
  await expect(staff.page.getByTestId("credit-balance")).toHaveText(/No Stripe customer yet/);
  const form = staff.page.getByRole("form", { name: "Grant credit" });
  await form.getByLabel(/Amount/).fill("-3");
  await form.getByLabel("Reason").fill("Goodwill after the outage");
  await form.getByLabel(/I confirm/).check();
  await form.getByRole("button", { name: "Grant credit" }).click();
  await expect(form.getByText("Enter the amount as a positive number")).toBeVisible();
  expect(await sql`select 1 from audit_log where target_id = ${user!.id}`).toEqual([]);

  await form.getByLabel(/Amount/).fill("12.50");
  await form.getByLabel("Reason").fill("Goodwill after the outage");
  await form.getByLabel(/I confirm/).check();
  await form.getByRole("button", { name: "Grant credit" }).click();
  await expect(form.getByText(`Granted $12.50 of credit to ${email}.`)).toBeVisible();
  await expect(staff.page.getByTestId("credit-balance")).toHaveText("Credit balance: $12.50");
  await staff.page.goto(`/admin/audit?actor=${encodeURIComponent(staff.email)}`);
  await expect(staff.page.getByRole("cell", { name: "billing.credit_granted", exact: true })).toBeVisible();
  await staff.context.close();

  await page.goto("/billing");
  await expect(page.getByText("Credit balance: $12.50, applied to your next invoices.")).toBeVisible();
});
