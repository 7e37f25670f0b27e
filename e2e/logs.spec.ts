import { execFileSync } from "node:child_process";
import { engineOf } from "./billing-helpers";
import { createDemoInstance, expect, openInstanceTab, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// Lines written by the app's own process (the container's main process), as a real app logs requests.
function appPrints(endpoint: string, containerId: string, script: string) {
  execFileSync("docker", ["-H", endpoint, "exec", containerId, "sh", "-c", script], { stdio: "pipe" });
}

test("the Logs tab shows the app's lines live, searches them and downloads them; a stranger gets 404", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(120_000);
  await signUpVerifiedAndLogIn(page, uniqueEmail("logs"));
  const instanceId = await createDemoInstance(page, "chatty");
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  const { endpoint, containerId } = await engineOf(sql, instanceId);
  appPrints(
    endpoint,
    containerId,
    "echo 'GET /orders 200' > /proc/1/fd/1; echo 'payment gateway timed out' > /proc/1/fd/2",
  );

  await openInstanceTab(page, "Logs");
  const log = page.getByRole("list", { name: "Log lines" });
  await expect(log.getByRole("listitem").filter({ hasText: "GET /orders 200" })).toBeVisible({ timeout: 15_000 });
  await expect(log.getByRole("listitem").filter({ hasText: "payment gateway timed out" })).toBeVisible();

  // Live: a line the app writes while the page is open appears without a reload.
  appPrints(endpoint, containerId, "echo 'GET /cart 404' > /proc/1/fd/1");
  await expect(log.getByRole("listitem").filter({ hasText: "GET /cart 404" })).toBeVisible({ timeout: 15_000 });

  await page.getByLabel("Search the log").fill("gateway");
  await expect(log.getByRole("listitem")).toHaveText([/payment gateway timed out$/]);
  await page.getByLabel("Search the log").fill("nothing like this");
  await expect(page.getByText("No line matches.")).toBeVisible();
  await page.getByLabel("Search the log").fill("GET /");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^chatty-[a-z0-9-]+-logs\.txt$/);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8"));
  const lines = text.trimEnd().split("\n");
  expect(lines).toEqual([
    expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout GET \/orders 200$/),
    expect.stringMatching(/ stdout GET \/cart 404$/),
  ]);

  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.4.4" } });
  const stranger = await other.newPage();
  await signUpVerifiedAndLogIn(stranger, uniqueEmail("logs-stranger"));
  const base = `/instances/${instanceId}/logs`;
  expect((await stranger.goto(base))!.status()).toBe(404);
  expect((await stranger.request.get(`${base}/stream`)).status()).toBe(404);
  expect((await stranger.request.get(`${base}/download`)).status()).toBe(404);
  await other.close();
});
