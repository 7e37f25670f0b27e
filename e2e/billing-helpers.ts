import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import type postgres from "postgres";
import Stripe from "stripe";
import { readE2eStripe } from "../scripts/test/e2e-stripe";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, staffSession, uniqueEmail } from "./fixtures";

export { E2E_BILLING_PERIODS } from "../scripts/test/e2e-stripe";

// The e2e server's Stripe emulator through the real SDK, as a test-mode account would be driven.
export async function stripeApi() {
  const { env } = await readE2eStripe();
  return new Stripe(env.STRIPE_SECRET_KEY!, {
    host: env.STRIPE_API_HOST,
    port: Number(env.STRIPE_API_PORT),
    protocol: "http",
  });
}

export async function userIdOf(sql: postgres.Sql, email: string) {
  const [row] = await sql<{ id: string }[]>`select id from users where email = ${email}`;
  return row!.id;
}

// Stripe puts a customer on a test clock only when it is created, so the test creates the customer Berth would
// have created on first checkout (same email and metadata) on a clock of its own, and records it as Berth does.
export async function customerOnTestClock(sql: postgres.Sql, api: Stripe, email: string) {
  const userId = await userIdOf(sql, email);
  const clock = await api.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000), name: email });
  const customer = await api.customers.create({ email, test_clock: clock.id, metadata: { userId } });
  await sql`insert into billing_customers (user_id, stripe_customer_id) values (${userId}, ${customer.id})`;
  return { userId, clockId: clock.id, customerId: customer.id };
}

// Moves the clock to two hours past the subscription's period end: the renewal (or the end of a subscription
// canceled at period end) happens, as Stripe's clock does it, and its webhooks go to the app.
export async function advancePastPeriodEnd(api: Stripe, p: { clockId: string; customerId: string }) {
  const [sub] = (await api.subscriptions.list({ customer: p.customerId, status: "all" })).data;
  const periodEnd = sub!.items.data[0]!.current_period_end;
  await api.testHelpers.testClocks.advance(p.clockId, { frozen_time: periodEnd + 2 * 3600 });
  await expect.poll(async () => (await api.testHelpers.testClocks.retrieve(p.clockId)).status).toBe("ready");
  return { subscriptionId: sub!.id, periodEnd };
}

// On the instance page: Upgrade → the emulator's hosted Checkout → pay with the given test card.
export async function upgradeOnCheckout(page: Page, card: RegExp, promotionCode?: string) {
  await page.getByRole("button", { name: "Upgrade" }).click();
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  if (promotionCode) await page.getByLabel("Promotion code").fill(promotionCode);
  await page.getByRole("radio", { name: card }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: /your subscription is active/ })).toBeVisible();
}

// From /billing into the emulator's Customer Portal, replace the card, and come back.
export async function replaceCardInPortal(page: Page, portalButton: string, card: RegExp, last4: string) {
  await page.goto("/billing");
  await page.getByRole("button", { name: portalButton }).click();
  await expect(page.getByRole("main", { name: "Billing portal" })).toBeVisible();
  await page.getByRole("radio", { name: card }).check();
  await page.getByRole("button", { name: "Update card", exact: true }).click();
  await expect(page.getByTestId("current-card")).toHaveText(`Visa ending in ${last4}`);
  await page.getByRole("link", { name: "Return to Berth" }).click();
  await expect(page).toHaveURL(/\/billing$/);
}

// Pages that do not refresh themselves: reload until the expectation holds.
export async function reloadUntil(page: Page, url: string, check: () => Promise<void>, timeout = 60_000) {
  await page.goto(url);
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout });
}

// The Docker engine an instance lives on, as Berth recorded it.
export async function engineOf(sql: postgres.Sql, instanceId: string) {
  const [row] = await sql<{ endpoint: string; container_id: string }[]>`
    select h.endpoint, i.container_id from instances i join hosts h on h.id = i.host_id where i.id = ${instanceId}`;
  return { endpoint: row!.endpoint, containerId: row!.container_id };
}

// Asks the engine itself whether a container still exists.
export function containerExists(endpoint: string, containerId: string) {
  try {
    execFileSync("docker", ["-H", endpoint, "inspect", "--format", "{{.Id}}", containerId], { stdio: "pipe" });
    return true;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    if (/no such (object|container)/i.test(stderr)) return false;
    throw new Error(`docker inspect failed: ${stderr}`);
  }
}

// Where the billing stories start: a verified customer whose Stripe customer is on a test clock, with a demo
// instance running and paid for with card 4242; and a staff session (staff alerts go to every staff account).
export async function paidInstanceOnTestClock(o: { page: Page; browser: Browser; sql: postgres.Sql; tag: string }) {
  const email = uniqueEmail(o.tag);
  const staff = await staffSession(o.browser);
  await signUpVerifiedAndLogIn(o.page, email);
  const api = await stripeApi();
  const stripeCustomer = await customerOnTestClock(o.sql, api, email);
  const instanceId = await createDemoInstance(o.page);
  await expect(o.page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await upgradeOnCheckout(o.page, /4242 4242 4242 4242/);
  return { email, staff, api, stripeCustomer, instanceId };
}
