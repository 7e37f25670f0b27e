import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { readE2eEdge } from "../scripts/test/e2e-edge";
import { TEST_PORTS } from "../scripts/test/ports";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

// A Chromium whose only extra trust is the edge's local CA, in an NSS database of its own (Chromium on Linux
// reads $HOME/.pki/nssdb): certificate errors are not ignored, so a page loads only over a chain from that CA.
async function browserTrustingEdge(launchOptions: object | undefined): Promise<Browser> {
  const home = mkdtempSync(path.join(tmpdir(), "berth-e2e-edge-"));
  const nssdb = path.join(home, ".pki", "nssdb");
  mkdirSync(nssdb, { recursive: true });
  const { rootCertificate } = await readE2eEdge();
  execFileSync("certutil", ["-N", "-d", `sql:${nssdb}`, "--empty-password"]);
  execFileSync("certutil", ["-A", "-d", `sql:${nssdb}`, "-n", "berth-edge", "-t", "C,,", "-i", rootCertificate]);
  return chromium.launch({ ...launchOptions, env: { ...process.env, HOME: home } });
}

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
