import { expect, test } from "./fixtures";

const HELP = ["getting-started", "ssh-keys", "instances", "billing", "tickets", "account"];

test("the pricing page shows the plans from the database", async ({ page, sql }) => {
  const plans = await sql<{ name: string; price_cents: number; memory_mb: number }[]>`
    select name, price_cents, memory_mb from plans where active order by sort_order`;
  expect(plans.length).toBeGreaterThan(0);
  await page.goto("/pricing");
  for (const plan of plans) {
    await expect(page.getByRole("heading", { name: plan.name }).first()).toBeVisible();
    await expect(page.getByText(`$${plan.price_cents / 100}`).first()).toBeVisible();
  }
  // A plan retired by staff disappears from the page.
  await sql`update plans set active = false where slug = 'pro'`;
  try {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Pro" })).toHaveCount(0);
  } finally {
    await sql`update plans set active = true where slug = 'pro'`;
  }
});

test("every public page has a sign-up call to action", async ({ page }) => {
  for (const path of ["/", "/pricing", "/help", ...HELP.map((s) => `/help/${s}`), "/terms", "/privacy"]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
    await expect(page.locator('main a[href="/signup"]').first(), path).toBeVisible();
  }
});

test("the overview lists the stacks and how it works", async ({ page }) => {
  await page.goto("/");
  for (const stack of ["Node.js", "Python", "Ruby", "Gitea", "Static site"]) {
    await expect(page.getByText(stack, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: /how it works/i })).toBeVisible();
});

test("an unknown help page is a 404", async ({ page }) => {
  expect((await page.goto("/help/no-such-section"))!.status()).toBe(404);
});

test("public pages fit a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of ["/", "/pricing", "/help/ssh-keys", "/signup", "/login"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test("every page names Berth's icon, and it is served", async ({ page }) => {
  for (const path of ["/", "/login"]) {
    await page.goto(path);
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href, path).toMatch(/^\/icon\.svg/);
    const icon = await page.request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  }
});
