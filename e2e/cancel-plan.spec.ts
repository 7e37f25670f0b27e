import { formatDate } from "../lib/format";
import { E2E_BILLING_PERIODS, paidInstanceOnTestClock } from "./billing-helpers";
import { emailTo, expect, test } from "./fixtures";

const DAY_MS = 86_400_000;

test("canceling a plan asks first, says until when the data is kept, emails it once and shows it on the instance", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(180_000);
  const { email, staff, api, stripeCustomer, instanceId } = await paidInstanceOnTestClock({
    page,
    browser,
    sql,
    tag: "cancelplan",
  });
  const [stripeSub] = (await api.subscriptions.list({ customer: stripeCustomer.customerId })).data;
  const periodEnd = new Date(stripeSub!.items.data[0]!.current_period_end * 1000);
  const endsOn = formatDate(periodEnd);
  const keptUntil = formatDate(new Date(periodEnd.getTime() + E2E_BILLING_PERIODS.RETENTION_DAYS * DAY_MS));

  await page.goto("/billing");
  const subscription = page.getByTestId("subscription");
  await subscription.getByRole("button", { name: "Cancel at period end" }).click();
  const confirm = subscription.getByRole("form", { name: "Cancel the plan" });
  await expect(confirm).toContainText(
    `shop keeps running until ${endsOn} and does not renew. Then it is backed up and stopped; its data is kept until ${keptUntil}, then deleted.`,
  );
  // Backing out changes nothing.
  await confirm.getByRole("button", { name: "Keep the plan" }).click();
  await expect(confirm).toHaveCount(0);
  expect((await api.subscriptions.retrieve(stripeSub!.id)).cancel_at_period_end).toBe(false);

  await subscription.getByRole("button", { name: "Cancel at period end" }).click();
  await confirm.getByRole("button", { name: "Yes, cancel the plan" }).click();
  await expect(subscription.getByRole("button", { name: "Keep renewing" })).toBeVisible();
  await expect(subscription).toContainText(
    `Cancels on ${endsOn}; it will not renew. Its data is kept until ${keptUntil}.`,
  );
  expect((await api.subscriptions.retrieve(stripeSub!.id)).cancel_at_period_end).toBe(true);

  const mail = await emailTo(email, /^Your plan for shop is canceled$/);
  expect(mail.text).toContain(`The instance keeps running until ${endsOn}`);
  expect(mail.text).toContain(`Its data is kept until ${keptUntil}`);

  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByRole("status").filter({ hasText: "The plan is canceled" })).toHaveText(
    `The plan is canceled: this instance runs until ${endsOn}, then it is stopped. Its data is kept until ${keptUntil}, then deleted. To keep it, choose “Keep renewing” on the billing page.`,
  );
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(`Plan canceled: it runs until ${endsOn}`, {
    timeout: 15_000,
  });

  // Renewing lifts the notice; canceling again within the same period sends no second email.
  await page.goto("/billing");
  await subscription.getByRole("button", { name: "Keep renewing" }).click();
  await expect(subscription.getByRole("button", { name: "Cancel at period end" })).toBeVisible();
  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByRole("status").filter({ hasText: "The plan is canceled" })).toHaveCount(0);
  await page.goto("/billing");
  await subscription.getByRole("button", { name: "Cancel at period end" }).click();
  await confirm.getByRole("button", { name: "Yes, cancel the plan" }).click();
  await expect(subscription.getByRole("button", { name: "Keep renewing" })).toBeVisible();
  // The webhooks of both changes have time to be synced: no second email arrives, and only one is logged.
  await expect(emailTo(email, /^Your plan for shop is canceled$/, 2)).rejects.toThrow();
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from email_log e join users u on u.id = e.user_id
    where u.email = ${email} and e.template = 'plan-canceled'`;
  expect(row?.n).toBe(1);
  await staff.context.close();
});
