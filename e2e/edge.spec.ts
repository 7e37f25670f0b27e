import { browserTrustingEdge } from "./edge-browser";
import { TEST_PORTS } from "../scripts/test/ports";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("an instance's page loads over HTTPS at its own name with a chain from the edge's CA; suspended, it shows Berth's page", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signUpVerifiedAndLogIn(page, uniqueEmail("edge"));
  const instanceId = await createDemoInstance(page, "site");
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  const link = page.getByRole("link", { name: /^https:\/\/.+\.apps\.localhost:\d+$/ });
  const url = (await link.getAttribute("href"))!;
  expect(url).toMatch(/^https:\/\/site-[a-z0-9-]+\.apps\.localhost:\d+$/);
  expect(new URL(url).port).toBe(String(TEST_PORTS.e2eEdgeHttps));

  const visitor = await browserTrustingEdge(test.info().project.use.launchOptions);
  try {
    const tab = await (await visitor.newContext({ ignoreHTTPSErrors: false })).newPage();
    const answer = (await tab.goto(url))!;
    expect(answer.status()).toBe(200);
    expect(new URL(answer.url()).protocol).toBe("https:");
    expect((await answer.securityDetails())?.issuer).toMatch(/Caddy Local Authority/);
    await expect(tab.getByText("Berth test app")).toBeVisible();

    // Plain HTTP on the edge's HTTP port lands on the same page over HTTPS.
    const plain = new URL(url);
    plain.protocol = "http:";
    plain.port = String(TEST_PORTS.e2eEdgeHttp);
    await tab.goto(plain.toString());
    expect(tab.url()).toBe(`${url}/`);

    // A browser that does not trust the edge's CA gets no page.
    const untrusted = await (await browser.newContext({ ignoreHTTPSErrors: false })).newPage();
    await expect(untrusted.goto(url)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);

    const staff = await staffSession(browser);
    await staff.page.goto(`/admin/instances/${instanceId}`);
    await staff.page.getByLabel("Reason for suspending").fill("Checking the edge");
    await staff.page.getByRole("button", { name: "Suspend instance" }).click();
    // Reloaded, as a visitor would, so the app's cacheable page is asked for again rather than shown from cache.
    await tab.goto(url);
    await expect(async () => {
      await tab.reload();
      await expect(tab.getByRole("heading", { name: "site is suspended" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(tab.getByRole("link", { name: "Open billing" })).toHaveAttribute("href", /\/billing$/);
    await staff.context.close();
  } finally {
    await visitor.close();
  }
});
