import type { Page } from "@playwright/test";
import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

function expectSecurityHeaders(response: { headers(): Record<string, string>; url(): string }) {
  const headers = response.headers();
  expect(headers["content-security-policy"], response.url()).toMatch(
    /script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'/,
  );
  expect(headers["content-security-policy"], response.url()).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], response.url()).toBe("nosniff");
  expect(headers["referrer-policy"], response.url()).toBe("strict-origin-when-cross-origin");
  // The suite serves plain HTTP: HSTS there would be ignored by browsers, and wrong.
  expect(headers["strict-transport-security"], response.url()).toBeUndefined();
}

// Every CSP violation the browser reports, as console errors (blocked scripts, styles, frames, …).
function collectViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

test("pages, API routes and static assets carry the security headers", async ({ page, request }) => {
  const home = (await page.goto("/"))!;
  expectSecurityHeaders(home);
  expectSecurityHeaders(await request.get("/api/health"));
  const script = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
  expectSecurityHeaders(await request.get(script!));

  // Next's own scripts carry this response's nonce, and the next response has another.
  const nonce = /'nonce-([^']+)'/.exec(home.headers()["content-security-policy"]!)![1];
  expect(
    await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce)),
  ).toEqual(expect.arrayContaining([nonce]));
  expect(await page.locator(`script:not([nonce])`).count()).toBe(0);
  const again = (await request.get("/")).headers()["content-security-policy"];
  expect(again).not.toContain(`'nonce-${nonce}'`);
});

test("the main pages work under the policy without a single violation", async ({ page }) => {
  const violations = collectViolations(page);
  for (const path of [
    "/",
    "/pricing",
    "/help",
    "/terms",
    "/signup",
    "/login",
    "/forgot-password",
    "/this-does-not-exist",
  ]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
  }
  await signUpVerifiedAndLogIn(page, uniqueEmail("csp"));
  for (const path of [
    "/dashboard",
    "/instances",
    "/instances/new",
    "/keys",
    "/billing",
    "/billing/invoices",
    "/tickets",
    "/tickets/new",
    "/settings",
  ]) {
    expectSecurityHeaders((await page.goto(path))!);
    await expect(page.locator("h1").first()).toBeVisible();
  }
  // Client-side navigation and a server action run scripts the first load did not.
  await page.getByRole("link", { name: "SSH keys" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your name was saved.")).toBeVisible();
  expect(violations).toEqual([]);
});
