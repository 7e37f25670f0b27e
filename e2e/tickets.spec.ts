import { execFileSync } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import type postgres from "postgres";
import {
  clickEmailLink,
  E2E_DATABASE_URL,
  emailTo,
  expect,
  logIn,
  signUpVerifiedAndLogIn,
  test,
  uniqueEmail,
} from "./fixtures";

// A staff member made the way an operator makes one, signed in in a browser of their own.
async function staffPage(browser: Browser) {
  const email = uniqueEmail("support");
  const output = execFileSync("npx", ["tsx", "scripts/admin-create.ts", email], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  const password = /with password: (\S+)/.exec(output)?.[1];
  expect(password, output).toBeTruthy();
  const context = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": `198.51.${randomInt(0, 255)}.${randomInt(1, 255)}` },
  });
  const page = await context.newPage();
  await logIn(page, email, password!);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { email, page };
}

// A running instance row without a container: the panel only reads the database.
async function runningInstance(sql: postgres.Sql, ownerEmail: string, name: string) {
  const [owner] = await sql`select id from users where email = ${ownerEmail}`;
  const [instance] = await sql`
    insert into instances (owner_id, name, slug, plan_id, stack_id, host_id, status)
    values (${owner!.id}, ${name}, ${`${name}-${randomUUID().slice(0, 8)}`}, (select id from plans where slug = 'starter'),
      (select id from stacks where slug = 'demo'), (select id from hosts order by created_at limit 1), 'running')
    returning id, (select name from hosts where id = host_id) as host_name`;
  await sql`insert into instance_events (instance_id, type, message) values (${instance!.id}, 'instance.ready', 'Ready: the container runs and answers.')`;
  return { id: instance!.id as string, hostName: (instance!.host_name as string | null) ?? "Not placed" };
}

async function openTicket(page: Page, t: { subject: string; message: string; instance?: string }) {
  await page.goto("/tickets");
  await page.getByRole("link", { name: "New ticket" }).click();
  await page.getByLabel("Subject").fill(t.subject);
  await page.getByLabel("Category").selectOption({ label: "Technical problem" });
  if (t.instance) await page.getByLabel("Instance (optional)").selectOption({ label: t.instance });
  await page.getByLabel("Message").fill(t.message);
  await page.getByRole("button", { name: "Open ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

test("a customer opens a ticket about an instance, staff reply beside it, the customer answers from the email, staff close it", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("tickets");
  const subject = `Shop answers 502 ${randomUUID().slice(0, 6)}`;
  await signUpVerifiedAndLogIn(page, email);
  const instance = await runningInstance(sql, email, "shop");
  const staff = await staffPage(browser);

  const ticketId = await openTicket(page, {
    subject,
    message: "Since 10:00 the shop answers 502.\nCan you look?",
    instance: "shop",
  });
  await expect(page.getByTestId("ticket-status")).toHaveText("Open");
  const [opened] = await sql<{ number: number }[]>`select number from tickets where id = ${ticketId}`;
  const received = await emailTo(email, new RegExp(`^We received your ticket #${opened!.number}: ${subject}$`));
  expect(received.text).toContain(`is open as number ${opened!.number}`);
  await page.getByRole("link", { name: "Tickets", exact: true }).click();
  await expect(page.getByRole("list", { name: "Your tickets" })).toContainText(subject);

  await staff.page.goto("/admin/tickets");
  await staff.page.getByRole("link", { name: subject }).click();
  await expect(staff.page).toHaveURL(new RegExp(`/admin/tickets/${ticketId}$`));
  const details = staff.page.getByTestId("instance-details");
  await expect(details).toContainText("Running");
  await expect(details).toContainText("Starter");
  await expect(details).toContainText(instance.hostName);
  await expect(staff.page.getByRole("list", { name: "Instance timeline" })).toContainText(
    "Ready: the container runs and answers.",
  );
  await expect(staff.page.getByRole("list", { name: "Messages" })).toContainText("Since 10:00 the shop answers 502.");

  await staff.page.getByRole("button", { name: "Assign to me" }).click();
  await expect(staff.page.getByText("Ticket assigned to you.")).toBeVisible();
  await staff.page
    .getByLabel("Reply to the customer")
    .fill("We restarted the app server.\nDetails: https://status.example.com/incident/42");
  await staff.page.getByRole("button", { name: "Send reply" }).click();
  await expect(staff.page.getByText("Reply sent; the ticket is now waiting on customer.")).toBeVisible();

  const reply = await emailTo(email, new RegExp(`^Re: ${subject} \\[ticket #\\d+\\]$`));
  expect(reply.text).toContain("We restarted the app server.");
  await clickEmailLink(page, reply, "View the ticket");
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticketId}$`));
  await expect(page.getByTestId("ticket-status")).toHaveText("Waiting on customer");
  await expect(page.getByRole("link", { name: "https://status.example.com/incident/42" })).toHaveAttribute(
    "rel",
    "nofollow noopener noreferrer",
  );
  await page.getByLabel("Your reply").fill("Works again, thank you!");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByText("Reply sent.")).toBeVisible();
  await expect(page.getByTestId("ticket-status")).toHaveText("Open");

  await clickEmailLink(staff.page, await emailTo(staff.email, new RegExp(`\\] Reply: ${subject}$`)), "Open the ticket");
  await expect(staff.page).toHaveURL(new RegExp(`/admin/tickets/${ticketId}$`));
  await expect(staff.page.getByRole("list", { name: "Messages" })).toContainText("Works again, thank you!");
  await staff.page.getByLabel("Status", { exact: true }).selectOption({ label: "Closed" });
  await staff.page.getByRole("button", { name: "Change status" }).click();
  await expect(staff.page.getByText("Status set to closed.")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("ticket-status")).toHaveText("Closed");
  await expect(page.getByRole("button", { name: "Reopen ticket" })).toBeVisible();
  await staff.page.context().close();
});

test("a ticket whose text holds <script> and markup shows it as text, to the customer and to staff", async ({
  page,
  browser,
}) => {
  const dialogs: string[] = [];
  const watch = (p: Page) =>
    p.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  watch(page);
  await signUpVerifiedAndLogIn(page, uniqueEmail("xss"));
  const subject = `<b>bold</b> <img src=x onerror=alert(1)> ${randomUUID().slice(0, 6)}`;
  const message = `<script>alert(2)</script>\n<a href="javascript:alert(3)">click me</a> javascript:alert(4) <img src=x onerror=alert(5)>`;
  const ticketId = await openTicket(page, { subject, message });

  const check = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toContainText(subject);
    const thread = p.getByRole("list", { name: "Messages" });
    await expect(thread).toContainText("<script>alert(2)</script>");
    await expect(thread).toContainText(
      '<a href="javascript:alert(3)">click me</a> javascript:alert(4) <img src=x onerror=alert(5)>',
    );
    await expect(p.locator('a[href^="javascript"], main img, main script, main b')).toHaveCount(0);
  };
  await check(page);

  const staff = await staffPage(browser);
  watch(staff.page);
  await staff.page.goto(`/admin/tickets/${ticketId}`);
  await check(staff.page);
  await staff.page.goto("/admin/tickets");
  await expect(staff.page.getByRole("link", { name: subject })).toBeVisible();
  expect(dialogs).toEqual([]);
  await staff.page.context().close();
});
