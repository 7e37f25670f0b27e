import { execFileSync } from "node:child_process";
import { E2E_DATABASE_URL, expect, logIn, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("a signed-out visitor and a customer get 404 under /admin", async ({ page }) => {
  for (const path of ["/admin", "/admin/users", "/admin/invoices"]) {
    expect((await page.goto(path))!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await signUpVerifiedAndLogIn(page, uniqueEmail("customer"));
  for (const path of ["/admin", "/admin/users", "/admin/invoices"]) {
    expect((await page.goto(path))!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
});

test("a staff account made with admin:create gets into /admin", async ({ page }) => {
  const email = uniqueEmail("staff");
  const output = execFileSync("npx", ["tsx", "scripts/admin-create.ts", email], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  const password = /with password: (\S+)/.exec(output)?.[1];
  expect(password, output).toBeTruthy();

  await logIn(page, email, password!);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("link", { name: "Admin" }).click();
  const response = await page.goto("/admin");
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
});
