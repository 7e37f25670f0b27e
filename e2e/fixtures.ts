import { execFileSync } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { waitForEmail, type ReceivedEmail } from "../scripts/test/mailbox";
import { TEST_PORTS } from "../scripts/test/ports";

export { expect };
export const MAILBOX = `http://127.0.0.1:${TEST_PORTS.e2eMailWeb}`;
export const E2E_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${TEST_PORTS.e2ePostgres}/berth_e2e`;
export const PASSWORD = "correct horse battery";

// Each test comes from its own address, so per-address rate limits of one test never touch another.
export const test = base.extend<{ sql: postgres.Sql }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": `198.51.${randomInt(0, 255)}.${randomInt(1, 255)}` });
  },
  sql: async ({}, use) => {
    const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
});

export const uniqueEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.test`;

export function emailTo(address: string, subject: RegExp, count = 1): Promise<ReceivedEmail> {
  return waitForEmail(MAILBOX, address, { subject, count });
}

// Opens the email as the recipient would see it and clicks its link, like a person reading their mail.
// Links in emails open a new tab (target="_blank"); here they open in the same page, as they would in a webmail.
export async function clickEmailLink(page: Page, email: ReceivedEmail, linkName: string | RegExp) {
  await page.goto("about:blank");
  await page.setContent(email.html.replaceAll(' target="_blank"', ""));
  await Promise.all([
    page.waitForURL((url) => url.protocol === "http:"),
    page.getByRole("link", { name: linkName }).first().click(),
  ]);
}

export async function signUp(page: Page, p: { name?: string; email: string; password?: string }) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(p.name ?? "Ada Lovelace");
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function signUpVerifiedAndLogIn(page: Page, email: string, name = "Ada Lovelace") {
  await signUp(page, { email, name });
  await clickEmailLink(page, await emailTo(email, /Confirm your email/), "Confirm email");
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
}

// The new-instance form with the local demo stack on the Starter plan; returns the instance's id.
export async function createDemoInstance(page: Page, name = "shop") {
  await page.goto("/instances/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: /Demo web server/ }).check();
  await page.getByRole("radio", { name: /Starter/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

// Opens a tab of the instance page (Overview, Backups, Access, Settings, …) the way a customer clicks it.
export async function openInstanceTab(page: Page, name: string) {
  const tab = page.getByRole("navigation", { name: "Instance" }).getByRole("link", { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-current", "page");
}

// A staff account made the way an operator makes one, signed in from an address of its own.
export async function staffSession(browser: Browser) {
  const email = uniqueEmail("staff");
  const output = execFileSync("npx", ["tsx", "scripts/admin-create.ts", email], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  const password = /with password: (\S+)/.exec(output)?.[1];
  expect(password, output).toBeTruthy();
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${randomInt(1, 255)}` } });
  const page = await context.newPage();
  await logIn(page, email, password!);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { page, context, email };
}

// Staff queue one extra run of a scheduled job from /admin/jobs.
export async function runCronNow(staffPage: Page, job: string) {
  await staffPage.goto("/admin/jobs");
  const row = staffPage.getByRole("listitem").filter({ has: staffPage.getByText(job, { exact: true }) });
  await row.getByRole("button", { name: "Run now" }).click();
  await expect(row.getByText(new RegExp(`${job} queued`))).toBeVisible();
}
