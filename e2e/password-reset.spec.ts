import { clickEmailLink, emailTo, expect, logIn, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

const RESET_SENT =
  "If that email has a Berth account, we sent it a link to choose a new password. It expires in 1 hour.";

test("a password reset by email sets the new password and ends the old sessions", async ({ page, browser }) => {
  const email = uniqueEmail("reset");
  await signUpVerifiedAndLogIn(page, email);

  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.0.7" } });
  const visitor = await other.newPage();
  await visitor.goto("/login");
  await visitor.getByRole("link", { name: "Forgot your password?" }).click();
  // The login page has an Email field too: wait for the new page before typing.
  await expect(visitor.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByRole("button", { name: "Send reset link" }).click();
  await expect(visitor.getByRole("main").getByRole("status")).toHaveText(RESET_SENT);

  const mail = await emailTo(email, /Reset your Berth password/);
  await clickEmailLink(visitor, mail, "Choose a new password");
  await visitor.getByLabel("New password").fill("a brand new passphrase");
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor.getByText("Your password was changed. Log in with your new password.")).toBeVisible();

  // The session that was open before the reset is over.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await logIn(page, email);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
  await logIn(page, email, "a brand new passphrase");
  await expect(page).toHaveURL(/\/dashboard$/);

  await clickEmailLink(visitor, mail, "Choose a new password");
  await expect(visitor.getByRole("main").getByRole("alert")).toHaveText(
    "That link has already been used. Links in our emails work once.",
  );
  await other.close();
});

test("the reset form answers the same for an email with no account", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(uniqueEmail("ghost"));
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(RESET_SENT);
});

test("a reset link that is not valid says so", async ({ page }) => {
  await page.goto("/reset-password?token=not-a-real-token");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That link is not valid.");
  await expect(page.getByLabel("New password")).toHaveCount(0);
});
