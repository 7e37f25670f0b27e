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

// The suite's server trusts 127.0.0.1 as a proxy (so each test can come from an address of its own): the client is
// the last X-Forwarded-For entry, which a proxy appends. Rotating what comes before it, or forging the peer
// header, must change nothing.
test("after three failed attempts the next one waits, even for the right password, and a rotated X-Forwarded-For changes nothing", async ({
  page,
  sql,
}) => {
  const email = uniqueEmail("ratelimit");
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.goto("/login");
  // Each attempt from the same page, so the right password follows the third failure well within its 2 s wait.
  const submit = async (password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login",
    );
    await page.getByRole("button", { name: "Log in" }).click();
    await answered;
  };
  for (let i = 0; i < 3; i++) {
    await page.context().setExtraHTTPHeaders({
      "x-forwarded-for": `198.51.100.${i + 1}, 203.0.113.77`,
      "x-berth-peer": `203.0.113.${i + 1}`,
    });
    await submit(`wrong password ${i}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "That email and password don't match an account.",
    );
  }
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.99, 203.0.113.77" });
  await submit(PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many attempts\. Please wait [12] seconds? and try again\.$/,
  );
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  // As if the wait had passed: the owner then gets in with the right password.
  await sql`update rate_limits set window_start = window_start - interval '1 minute' where key like ${`login:pair:${email}:%`}`;
  await logIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a 300-character password and a next parameter with a newline get clear answers", async ({ page }) => {
  const email = uniqueEmail("badinput");
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, email, "x".repeat(300));
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That password is too long: Berth passwords have at most 200 characters.",
  );
  await page.goto(`/login?next=${encodeURIComponent("/billing\nSet-Cookie: x=1")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
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
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "This account is suspended. Contact support if you think this is a mistake.",
  );
});
