import type { APIRequestContext } from "@playwright/test";
import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

const ADMIN_PATHS = ["/admin", "/admin/users", "/admin/users/00000000-0000-4000-8000-000000000000", "/admin/jobs"];
const UNKNOWN = "/this-does-not-exist";

// What differs between two answers by design: the nonce, the RSC payload's per-request keys, and the URL that was
// asked for (for /admin, the router's canonical URL is the path the proxy rewrote it to, as for any rewrite).
async function answer(request: APIRequestContext, path: string, headers?: Record<string, string>) {
  const response = await request.get(path, { headers, maxRedirects: 0 });
  const body = (await response.text())
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/nonce\\*":\\*"[^"\\]*/g, 'nonce":"')
    .replace(/(\\*"c\\*":)\[[^\]]*\]/g, "$1<url>")
    .replace(/(\\*")[\w-]{22}(\\*")/g, "$1<key>$2")
    .replaceAll(path, "<path>")
    .replaceAll(JSON.stringify(path.split("/").filter(Boolean)).slice(1, -1), "<segments>");
  return { status: response.status(), body };
}

async function expectLikeUnknownUrl(request: APIRequestContext) {
  for (const headers of [undefined, { rsc: "1" }]) {
    const unknown = await answer(request, UNKNOWN, headers);
    expect(unknown.status).toBe(404);
    for (const path of ADMIN_PATHS) {
      const admin = await answer(request, path, headers);
      expect(admin.status, path).toBe(404);
      expect(admin.body, path).not.toMatch(/Staff|Audit log|admin/i);
      expect(admin.body, `${path}${headers ? " (RSC)" : ""}`).toBe(unknown.body);
    }
  }
}

test("/admin answers a signed-out visitor exactly like an unknown URL", async ({ page }) => {
  await expectLikeUnknownUrl(page.request);
});

test("/admin answers a signed-in customer exactly like an unknown URL", async ({ page }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("nosy"));
  await expectLikeUnknownUrl(page.request);
  await page.goto(UNKNOWN);
  const title = await page.title();
  expect((await page.goto("/admin/users"))!.status()).toBe(404);
  await expect(page).toHaveTitle(title);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
