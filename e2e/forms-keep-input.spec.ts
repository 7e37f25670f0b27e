import {
  createDemoInstance,
  expect,
  logIn,
  openInstanceTab,
  PASSWORD,
  signUpVerifiedAndLogIn,
  test,
  uniqueEmail,
} from "./fixtures";

test("the new-instance form keeps the name, stack and plan after an error, and shows commands as code", async ({
  page,
}) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("keepnew"));
  await page.goto("/instances/new");
  const node = page.getByRole("radio", { name: /^Node\.js(?! \(local)/ });
  await expect(node).toHaveAccessibleDescription(
    "Node.js 22, starting with a starter page on your address; your app is the server.js you copy in over SSH.",
  );
  await expect(page.locator(`#${await node.getAttribute("aria-describedby")} code`)).toHaveText("server.js");
  await page.getByLabel("Name").fill("My Shop!");
  await page.getByRole("radio", { name: /^Static site(?! \(local)/ }).check();
  await page.getByRole("radio", { name: /^Pro/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("My Shop!");
  await expect(page.getByRole("radio", { name: /^Static site(?! \(local)/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /^Pro/ })).toBeChecked();
  await expect(page.getByRole("radio", { name: /^Demo web server/ })).not.toBeChecked();
});

test("a refused resize keeps the plan that was picked", async ({ page }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("keepresize"));
  await createDemoInstance(page);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await openInstanceTab(page, "Settings");
  await page.getByLabel("Change plan").selectOption({ label: "Pro: 2 vCPU, 4 GB" });
  await page.getByRole("button", { name: "Resize" }).click();
  await expect(page.getByRole("form", { name: "Resize" }).getByRole("alert")).toHaveText(
    "The Pro plan has no free trial; trial instances can use plans with a trial.",
  );
  await expect(page.getByLabel("Change plan").locator("option:checked")).toHaveText("Pro: 2 vCPU, 4 GB");
});

test("a wrong password keeps the email in the login form", async ({ page }) => {
  const email = uniqueEmail("keeplogin");
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  await logIn(page, email, "not my password at all");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("settings show only the answer to the latest form, not an older success above a new error", async ({ page }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("keepsettings"));
  await page.goto("/settings");
  await page.getByLabel("Current password").nth(1).fill(PASSWORD);
  await page.getByLabel("New password").fill("another fine passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed and your other sessions were signed out.")).toBeVisible();
  await page.getByLabel("Your name").fill("Ada King");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your name was saved.")).toBeVisible();
  await expect(page.getByText("Your password was changed and your other sessions were signed out.")).toBeHidden();

  await page.getByLabel("New email").fill(uniqueEmail("elsewhere"));
  await page.getByLabel("Current password").first().fill("not my password at all");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expect(page.getByText("Your name was saved.")).toBeHidden();
});
