import { formatDate } from "../lib/format";
import {
  advancePastPeriodEnd,
  containerExists,
  E2E_BILLING_PERIODS,
  engineOf,
  paidInstanceOnTestClock,
  reloadUntil,
} from "./billing-helpers";
import { emailTo, expect, runCronNow, test } from "./fixtures";

const day = (unixSeconds: number) => formatDate(new Date(unixSeconds * 1000));

test("canceled at period end: suspended with its data when the period ends, terminated after the retention period, final backup kept", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(300_000);
  const { email, staff, api, stripeCustomer, instanceId } = await paidInstanceOnTestClock({
    page,
    browser,
    sql,
    tag: "cancel",
  });

  await page.goto("/billing");
  const subscription = page.getByTestId("subscription");
  await subscription.getByRole("button", { name: "Cancel at period end" }).click();
  await subscription.getByRole("button", { name: "Yes, cancel the plan" }).click();
  await expect(subscription.getByRole("button", { name: "Keep renewing" })).toBeVisible();
  const [stripeSub] = (await api.subscriptions.list({ customer: stripeCustomer.customerId })).data;
  expect(stripeSub!.cancel_at_period_end).toBe(true);
  await expect(subscription).toContainText(
    `Cancels on ${day(stripeSub!.items.data[0]!.current_period_end)}; it will not renew.`,
  );

  // The period ends on Stripe's clock: the subscription is canceled and the instance is stopped with its data.
  const { subscriptionId } = await advancePastPeriodEnd(api, stripeCustomer);
  await page.goto(`/instances/${instanceId}/backups`);
  await expect(page.getByTestId("instance-status")).toHaveText("Suspended", { timeout: 60_000 });
  const backups = page.getByRole("list", { name: "Backup list" });
  await expect(
    backups.getByRole("listitem").filter({ hasText: "automatic" }).getByRole("link", { name: "Download" }),
  ).toHaveCount(1, { timeout: 30_000 });
  await reloadUntil(page, "/billing", () =>
    expect(page.getByTestId("subscription-status")).toHaveText("canceled", { timeout: 1000 }),
  );
  await expect(subscription).toContainText("Ended on");
  await expect(subscription.getByRole("button")).toHaveCount(0);
  const engine = await engineOf(sql, instanceId);
  expect(containerExists(engine.endpoint, engine.containerId)).toBe(true);
  const ended = await emailTo(email, /^shop is stopped: its subscription ended$/);
  expect(ended.text).toMatch(/data is kept until/);

  // Retention runs from subscriptions.ended_at on Berth's real clock (Stripe's clock is a month ahead): the test
  // dates the end back and staff run the dunning sweep now. A day before deletion: the final warning only.
  const warned =
    await sql`update subscriptions set ended_at = now() - make_interval(days => ${E2E_BILLING_PERIODS.RETENTION_DAYS - 1})
    where stripe_subscription_id = ${subscriptionId} and status = 'canceled'`;
  expect(warned.count).toBe(1);
  await runCronNow(staff.page, "dunning-sweep");
  const warning = await emailTo(email, /^Final warning: shop will be deleted on /);
  expect(warning.text).toMatch(/subscription ended/);
  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByTestId("instance-status")).toHaveText("Suspended");

  // Past the retention period: deleted.
  const moved =
    await sql`update subscriptions set ended_at = now() - make_interval(days => ${E2E_BILLING_PERIODS.RETENTION_DAYS}) - interval '1 hour'
    where stripe_subscription_id = ${subscriptionId} and status = 'canceled'`;
  expect(moved.count).toBe(1);
  await runCronNow(staff.page, "dunning-sweep");

  await page.goto(`/instances/${instanceId}/backups`);
  await expect(page.getByTestId("instance-status")).toHaveText("Terminated", { timeout: 60_000 });
  await expect(
    backups.getByRole("listitem").filter({ hasText: "final" }).getByRole("link", { name: "Download" }),
  ).toHaveCount(1);
  await expect(
    backups.getByRole("listitem").filter({ hasText: "automatic" }).getByRole("link", { name: "Download" }),
  ).toHaveCount(1);
  const terminated = await emailTo(email, /^Your instance shop was terminated$/);
  expect(terminated.text).toMatch(/subscription ended/);
  expect(containerExists(engine.endpoint, engine.containerId)).toBe(false);
  const [row] = await sql`select status, container_id from instances where id = ${instanceId}`;
  expect(row).toEqual({ status: "terminated", container_id: null });
  await staff.context.close();
});
