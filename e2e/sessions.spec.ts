import { expect, logIn, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

test("Settings lists every session and ends another one, or all the others", async ({ page, browser }) => {
  const email = uniqueEmail("sessions");
  await signUpVerifiedAndLogIn(page, email);
  const devices = [];
  for (const userAgent of [FIREFOX, IPHONE]) {
    const context = await browser.newContext({ userAgent });
    const tab = await context.newPage();
    await logIn(tab, email);
    await expect(tab).toHaveURL(/\/dashboard$/);
    devices.push({ context, tab });
  }
  const [laptop, phone] = devices as [(typeof devices)[0], (typeof devices)[0]];

  await page.goto("/settings");
  const sessions = page.getByRole("list", { name: "Active sessions" }).getByRole("listitem");
  await expect(sessions).toHaveCount(3);
  await expect(sessions.filter({ hasText: "This session" })).toContainText("Chrome on Windows");
  await expect(sessions.filter({ hasText: "This session" }).getByRole("button", { name: "End session" })).toHaveCount(
    0,
  );
  const firefox = sessions.filter({ hasText: "Firefox on Linux" });
  await expect(firefox).toContainText(/Address \S+ · signed in \d+ \w{3} \d{4}, \d{2}:\d{2} UTC · last seen/);

  await firefox.getByRole("button", { name: "End session" }).click();
  await expect(page.getByText("The session was ended. That device is signed out on its next request.")).toBeVisible();
  await expect(sessions).toHaveCount(2);
  await laptop.tab.goto("/dashboard");
  await expect(laptop.tab).toHaveURL(/\/login\?notice=signed-out$/);
  await phone.tab.goto("/dashboard");
  await expect(phone.tab).toHaveURL(/\/dashboard$/);

  await page.getByRole("button", { name: "End all other sessions" }).click();
  await expect(page.getByText("Every other session was ended.")).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await phone.tab.goto("/billing");
  await expect(phone.tab).toHaveURL(/\/login\?notice=signed-out$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await Promise.all(devices.map((d) => d.context.close()));
});

test("a session cookie saved before logging out is refused afterwards", async ({ page, context }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("replay"));
  const saved = (await context.cookies()).filter((c) => c.name.endsWith("authjs.session-token"));
  expect(saved).toHaveLength(1);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await context.addCookies(saved);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?notice=signed-out$/);
  await expect(page.getByText("Your session has ended. Please log in again.")).toBeVisible();
});
