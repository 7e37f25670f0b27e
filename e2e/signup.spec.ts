import { clickEmailLink, emailTo, expect, logIn, signUp, test, uniqueEmail } from "./fixtures";

test("a visitor signs up, confirms the emailed link and reaches the dashboard", async ({ page }) => {
  const email = uniqueEmail("signup");
  await page.goto("/");
  await page
    .getByRole("link", { name: /start (your )?free trial/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/signup$/);
  await signUp(page, { email, name: "Ada Lovelace" });

  const mail = await emailTo(email, /Confirm your email/);
  await clickEmailLink(page, mail, "Confirm email");
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await page.getByRole("link", { name: "Log in" }).click();
  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
  await expect(page.getByText(/Confirm your email \(/)).toHaveCount(0);

  // The link works once.
  await clickEmailLink(page, mail, "Confirm email");
  await expect(page.getByText("That link has already been used.")).toBeVisible();
});

test("an unverified account can log in, sees why to confirm, and can ask for a new link", async ({ page }) => {
  const email = uniqueEmail("unverified");
  await signUp(page, { email });
  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Confirm your email (${email}) to start your free trial instance.`)).toBeVisible();
  await page.getByRole("button", { name: "Resend the link" }).click();
  await expect(page.getByText(`We sent a new confirmation link to ${email}.`)).toBeVisible();

  const second = await emailTo(email, /Confirm your email/, 2);
  await clickEmailLink(page, second, "Confirm email");
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await page.getByRole("link", { name: "Go to your dashboard" }).click();
  await expect(page.getByText(/Confirm your email \(/)).toHaveCount(0);
});

test("signing up with a taken email reveals nothing on screen and tells the owner by email", async ({ page, sql }) => {
  const email = uniqueEmail("dup");
  await signUp(page, { email, name: "First Owner" });
  await signUp(page, { email, name: "Second Try" });
  await emailTo(email, /already have a Berth account/);
  const rows = await sql`select name from users where email = ${email}`;
  expect(rows).toEqual([{ name: "First Owner" }]);
});

test("a weak password is refused with the rule, and no account is created", async ({ page, sql }) => {
  const email = uniqueEmail("weak");
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Ada");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("at least 10 characters");
  expect(await sql`select 1 from users where email = ${email}`).toHaveLength(0);
});
