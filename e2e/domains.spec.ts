import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { readE2eEdge } from "../scripts/test/e2e-edge";
import { startDnsServer, type Zone } from "../test/domains/dns-server";
import { TEST_PORTS } from "../scripts/test/ports";
import { browserTrustingEdge } from "./edge-browser";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// The customer's DNS provider: an authoritative server on loopback at the port the e2e server's DNS_RESOLVER
// names. One server for the file, so its tests run in one worker, in order.
test.describe.configure({ mode: "serial" });
const zone: Zone = new Map();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
test.beforeAll(async () => {
  dns = await startDnsServer(zone, TEST_PORTS.e2eDns);
});
test.afterAll(() => dns?.stop());

const name = `www.shop-${randomUUID().slice(0, 8)}.example`;

test("a custom domain added in the UI is verified over DNS and serves the instance over HTTPS with its own certificate", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signUpVerifiedAndLogIn(page, uniqueEmail("domains"));
  await createDemoInstance(page, "shop");
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await page.getByRole("link", { name: "Custom domains" }).click();
  await expect(page.getByRole("heading", { name: "Custom domains" })).toBeVisible();

  // A bad name is refused with a message, and what was typed stays in the field.
  await page.getByLabel("Domain name").fill("203.0.113.5");
  await page.getByRole("button", { name: "Add domain" }).click();
  const form = page.getByRole("form", { name: "Add a domain" });
  await expect(form.getByRole("alert")).toHaveText("An IP address can't be a custom domain.");
  await expect(page.getByLabel("Domain name")).toHaveValue("203.0.113.5");

  await page.getByLabel("Domain name").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(form.getByRole("status")).toHaveText(`${name} was added: create the records below.`);
  await expect(page.getByLabel("Domain name")).toHaveValue("");
  const card = page.getByRole("region", { name });
  await expect(card.getByTestId("domain-state")).toHaveText("Waiting for DNS");

  // The exact records to create: a CNAME to the instance's own address, and the account's TXT token.
  const cname = card.getByRole("row").filter({ hasText: "CNAME" });
  await expect(cname.locator("code").first()).toHaveText(name);
  const target = (await cname.locator("code").nth(1).textContent())!;
  expect(target).toMatch(/^shop-[a-z0-9-]+\.apps\.localhost$/);
  const txt = card.getByRole("row").filter({ hasText: "TXT" });
  await expect(txt.locator("code").first()).toHaveText(`_berth-verify.${name}`);
  const token = (await txt.locator("code").nth(1).textContent())!;
  expect(token).toMatch(/^berth-verify=[0-9a-f]{32}$/);

  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByRole("form", { name: `Check ${name}` }).getByRole("alert")).toHaveText(
    `Not yet: No TXT record _berth-verify.${name} with the value ${token} yet. ${name} does not point at ${target} yet.`,
  );
  await expect(card.getByTestId("domain-state")).toHaveText("Waiting for DNS");

  // The customer creates the records at their DNS provider.
  zone.set(`_berth-verify.${name}`, [{ type: "TXT", value: token }]);
  zone.set(name, [{ type: "CNAME", value: target }]);
  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByRole("form", { name: `Check ${name}` }).getByRole("status")).toHaveText(
    "Verified: the records are in place.",
  );
  // Each step as it happens, followed by the page without a reload.
  await expect(card.getByTestId("domain-state")).toHaveText("Live", { timeout: 30_000 });
  const steps = card.getByRole("list", { name: `Steps of ${name}` }).getByRole("listitem");
  await expect(steps).toHaveText([/^✓ Waiting for DNS/, /^✓ Verified/, /^✓ Certificate issued/, /^✓ Live/]);
  const url = `https://${name}:${TEST_PORTS.e2eEdgeHttps}`;
  await expect(card.getByRole("link", { name: url })).toHaveAttribute("href", url);

  // A visitor whose DNS sends the name to this machine gets the instance, over a chain from the edge's CA.
  const visitor = await browserTrustingEdge(test.info().project.use.launchOptions, [
    `--host-resolver-rules=MAP ${name} 127.0.0.1`,
  ]);
  try {
    const tab = await (await visitor.newContext({ ignoreHTTPSErrors: false })).newPage();
    const answer = (await tab.goto(url))!;
    expect(answer.status()).toBe(200);
    // Chromium checked the chain and the name (a certificate for another name would fail the navigation).
    expect((await answer.securityDetails())?.issuer).toMatch(/Caddy Local Authority/);
    expect(await certificateNames(name)).toBe(`DNS:${name}`);
    await expect(tab.getByText("Berth test app")).toBeVisible();

    // A second account can't add a name verified by this one.
    const other = await (await browser.newContext()).newPage();
    await signUpVerifiedAndLogIn(other, uniqueEmail("domains-rival"));
    const otherId = await createDemoInstance(other, "rival");
    await other.goto(`/instances/${otherId}/domains`);
    await other.getByLabel("Domain name").fill(name);
    await other.getByRole("button", { name: "Add domain" }).click();
    await expect(other.getByRole("form", { name: "Add a domain" }).getByRole("alert")).toHaveText(
      `${name} is already in use by another account.`,
    );
    await expect(other.getByLabel("Domain name")).toHaveValue(name);

    // Removed, the name leaves the edge: the visitor gets the edge's page for unknown names.
    await card.getByRole("button", { name: `Remove ${name}` }).click();
    await expect(page.getByText("No custom domains yet.")).toBeVisible();
    // Reloaded, as a visitor would, so the app's cacheable page is asked for again rather than shown from cache.
    await expect(async () => {
      await tab.reload();
      await expect(tab.getByRole("heading", { name: "Nothing is served here" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
  } finally {
    await visitor.close();
  }
});

test("the edge's ask endpoint refuses a certificate for a name no one has verified", async ({ request }) => {
  const answer = await request.get(`/api/edge/ask?domain=${encodeURIComponent(`unknown-${randomUUID()}.example`)}`);
  expect(answer.status()).toBe(404);
  expect(await answer.text()).toBe("no certificate for this name");
  // The name of the first test was removed: it gets none either.
  expect((await request.get(`/api/edge/ask?domain=${name}`)).status()).toBe(404);
});

// The names the edge's certificate for `name` covers, read over a handshake that verifies it against the edge's CA.
async function certificateNames(name: string): Promise<string> {
  const ca = readFileSync((await readE2eEdge()).rootCertificate, "utf8");
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port: TEST_PORTS.e2eEdgeHttps, servername: name, ca }, () => {
      resolve(socket.getPeerCertificate().subjectaltname ?? "");
      socket.end();
    });
    socket.on("error", reject);
  });
}
