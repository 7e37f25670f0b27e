import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("a customer creates a token, sees it once, uses it with the API, and revokes it", async ({ page, request }) => {
  const email = uniqueEmail("api");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Manage API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  await page.getByLabel("Name").fill("deploy script");
  await page.getByLabel("Read only").check();
  await page.getByLabel("Expires").selectOption({ label: "In 7 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Token “deploy script” created. Copy it now: it is not shown again.")).toBeVisible();
  const token = await page.getByLabel("Your new token").inputValue();
  expect(token).toMatch(/^berth_pat_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("list", { name: "API tokens" }).getByRole("listitem");
  await expect(row).toContainText("deploy script");
  await expect(row).toContainText("read only");
  await expect(row).toContainText("never used");
  await expect(row).toContainText(token.slice(0, 16));

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email, token: { name: "deploy script", scope: "read" } });
  const write = await request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${token}` },
    data: { subject: "Hello", category: "other", body: "From a script" },
  });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("insufficient_scope");

  // The secret is not on the page again, and the list shows the use.
  await page.reload();
  await expect(page.getByLabel("Your new token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(row).toContainText(/last used .* UTC from /);

  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("“deploy script” was revoked; requests with it now fail.")).toBeVisible();
  await expect(row).toContainText("revoked");
  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toBe("That token was revoked.");
});

test("the API reference and its OpenAPI document are public", async ({ page, request }) => {
  await page.goto("/help/api");
  await expect(page.getByRole("heading", { name: "API", exact: true })).toBeVisible();
  const instances = page.getByRole("region", { name: "Instances" });
  await expect(instances).toContainText("POST/instances/{id}/resize");
  await expect(instances).toContainText("Resize an instance.");
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  const json = await doc.json();
  expect(json.openapi).toBe("3.1.0");
  expect(json.paths["/instances/{id}/resize"].post.operationId).toBe("resizeInstance");
});
