import {
  clickEmailLink,
  emailTo,
  expect,
  logIn,
  PASSWORD,
  signUpVerifiedAndLogIn,
  test,
  uniqueEmail,
} from "./fixtures";

test("changing email takes effect only after the new address confirms it", async ({ page }) => {
  const email = uniqueEmail("old");
  const next = uniqueEmail("new");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/settings");
  await page.getByLabel("New email").fill(next);
  await page.getByLabel("Current password").first().fill(PASSWORD);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(
    page.getByText(`We sent a confirmation link to ${next}. Your email changes when you open it.`),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Your email is ${email}.`)).toBeVisible();

  await clickEmailLink(page, await emailTo(next, /Confirm your new email/), "Confirm new email");
  await expect(page.getByText(`Your email is now ${next}.`)).toBeVisible();
  await emailTo(email, /Your Berth email was changed/);

  await page.getByRole("link", { name: "Go to your dashboard" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(next);
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, email);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
  await logIn(page, next);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings");
  await expect(page.getByText(`Your email is ${next}.`)).toBeVisible();
});

test("changing the password keeps this session and ends the others", async ({ page, browser }) => {
  const email = uniqueEmail("chpw");
  await signUpVerifiedAndLogIn(page, email);
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.0.9" } });
  const second = await other.newPage();
  await logIn(second, email);
  await expect(second).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  await page.getByLabel("Current password").nth(1).fill(PASSWORD);
  await page.getByLabel("New password").fill("another fine passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed and your other sessions were signed out.")).toBeVisible();
  await expect(page).toHaveURL(/\/settings\?notice=password-changed$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  await second.goto("/dashboard");
  await expect(second).toHaveURL(/\/login\?notice=signed-out$/);
  await other.close();
});

test("deleting the account needs the email typed exactly", async ({ page, sql }) => {
  const email = uniqueEmail("delete");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/settings");
  await page.getByLabel(`Type ${email} to confirm`).fill("wrong@example.test");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Type your email exactly as shown to confirm.");
  expect(await sql`select 1 from users where email = ${email}`).toHaveLength(1);

  await page.getByLabel(`Type ${email} to confirm`).fill(email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("Your account was deleted.")).toBeVisible();
  expect(await sql`select 1 from users where email = ${email}`).toHaveLength(0);
});
