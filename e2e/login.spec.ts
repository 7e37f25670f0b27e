import { expect, logIn, PASSWORD, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("a wrong password is refused with a clear message", async ({ page }) => {
  const email = uniqueEmail("wrongpw");
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, email, "not my password at all");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
  await expect(page).toHaveURL(/\/login/);
  await logIn(page, uniqueEmail("nobody"), PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
});

test("after five failed attempts the account waits, even for the right password", async ({ page }) => {
  const email = uniqueEmail("ratelimit");
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  for (let i = 0; i < 5; i++) {
    await logIn(page, email, `wrong password ${i}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
  }
  await logIn(page, email, PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Please try again in 15 minutes.");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("log out ends the session", async ({ page }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("logout"));
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);
});

test("a suspended user is signed out on the next request and cannot log in", async ({ page, sql }) => {
  const email = uniqueEmail("suspended");
  await signUpVerifiedAndLogIn(page, email);
  await sql`update users set suspended_at = now() where email = ${email}`;
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await expect(page.getByText("Your session has ended. Please log in again.")).toBeVisible();
  await logIn(page, email);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This account is suspended. Contact support if you think this is a mistake.");
});
