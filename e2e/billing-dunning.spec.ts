import {
  advancePastPeriodEnd,
  E2E_BILLING_PERIODS,
  paidInstanceOnTestClock,
  reloadUntil,
  replaceCardInPortal,
} from "./billing-helpers";
import { clickEmailLink, emailTo, expect, runCronNow, test } from "./fixtures";

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Card 0341 attaches but every charge fails: the renewal on Stripe's test clock fails, dunning runs its course,
// and a new card in the emulator's Customer Portal brings the instance back.
test("a renewal that fails (card 0341): banner and emails, suspension with a backup after the grace period, a new card resumes it", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(300_000);
  const { email, staff, api, stripeCustomer, instanceId } = await paidInstanceOnTestClock({
    page,
    browser,
    sql,
    tag: "dunning",
  });
  await replaceCardInPortal(page, "Open the Customer Portal", /4000 0000 0000 0341/, "0341");

  const { subscriptionId } = await advancePastPeriodEnd(api, stripeCustomer);
  await reloadUntil(page, "/billing", () =>
    expect(page.getByTestId("subscription-status")).toHaveText("past_due", { timeout: 1000 }),
  );
  const banner = page.getByRole("alert").filter({ hasText: "A payment failed" });
  await expect(banner.getByRole("button", { name: "Update your card" })).toBeVisible();

  const failed = await emailTo(email, /^Your payment of \$\d+(\.\d\d)? failed$/);
  const alert = await emailTo(staff.email, new RegExp(`Payment failed: ${escaped(email)}`));
  expect(alert.text).toContain(subscriptionId);
  await clickEmailLink(page, failed, "Update your card");
  await expect(page).toHaveURL(/\/billing$/);
  await expect(banner).toBeVisible();

  // Berth's clock is real time while Stripe's is the test clock: the grace period runs from the dunning notice
  // Berth recorded, so the test dates that notice GRACE_DAYS back and staff run the dunning sweep now.
  const moved =
    await sql`update dunning_notices set created_at = now() - make_interval(days => ${E2E_BILLING_PERIODS.GRACE_DAYS}) - interval '1 hour'
    where stripe_subscription_id = ${subscriptionId} and stage = 'payment_failed'`;
  expect(moved.count).toBe(1);
  await runCronNow(staff.page, "dunning-sweep");

  await page.goto(`/instances/${instanceId}/backups`);
  await expect(page.getByTestId("instance-status")).toHaveText("Suspended", { timeout: 60_000 });
  const backups = page.getByRole("list", { name: "Backup list" });
  await expect(
    backups.getByRole("listitem").filter({ hasText: "automatic" }).getByRole("link", { name: "Download" }),
  ).toHaveCount(1, { timeout: 30_000 });
  await emailTo(email, /^shop is suspended: the payment is still missing$/);

  await replaceCardInPortal(page, "Update your card", /4242 4242 4242 4242/, "4242");
  await expect(banner).toBeVisible(); // a new card alone pays nothing: the open invoice is still due
  await banner.getByRole("button", { name: "Retry the payment" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Payment received. Suspended instances start again in a moment." }),
  ).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("subscription-status")).toHaveText("active");

  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await emailTo(email, /^Payment received: shop is running again$/);
  await page.goto("/billing/invoices");
  await expect(page.getByRole("cell", { name: "paid", exact: true })).toHaveCount(2); // the first invoice and the renewal
  await expect(page.getByRole("cell", { name: "open", exact: true })).toHaveCount(0);
  await staff.context.close();
});
