import { createDemoInstance, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("Restart shows the instance restarting, then running again once its health check answers", async ({ page }) => {
  test.setTimeout(120_000);
  await signUpVerifiedAndLogIn(page, uniqueEmail("restart"));
  await createDemoInstance(page, "bouncy");
  const status = page.getByTestId("instance-status");
  await expect(status).toHaveText("Running", { timeout: 60_000 });

  await page.getByRole("form", { name: "Restart" }).getByRole("button", { name: "Restart" }).click();
  await expect(status).toHaveText("Restarting");
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Restarting your app" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Restart" })).toHaveCount(0);
  await expect(status).toHaveText("Running", { timeout: 60_000 });
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByRole("listitem").first()).toContainText("Ready: the container runs");
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Restart requested.");
  await expect(page.getByRole("button", { name: "Restart" })).toBeVisible();
});
