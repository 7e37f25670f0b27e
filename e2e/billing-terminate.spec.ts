import { paidInstanceOnTestClock, reloadUntil } from "./billing-helpers";
import { emailTo, expect, test } from "./fixtures";

test("terminating a paid instance ends its subscription at once: nothing is left to renew on /billing or in the portal", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(180_000);
  const { email, staff, api, stripeCustomer, instanceId } = await paidInstanceOnTestClock({
    page,
    browser,
    sql,
    tag: "terminate-paid",
  });

  // Set to end at the period's end first, so "Keep renewing" is what would be offered.
  await page.goto("/billing");
  const subscription = page.getByTestId("subscription");
  await subscription.getByRole("button", { name: "Cancel at period end" }).click();
  await subscription.getByRole("button", { name: "Yes, cancel the plan" }).click();
  await expect(subscription.getByRole("button", { name: "Keep renewing" })).toBeVisible();

  await page.goto(`/instances/${instanceId}/settings`);
  await page.getByLabel("Type shop to confirm").fill("shop");
  await page.getByRole("button", { name: "Terminate instance" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("Terminated", { timeout: 60_000 });
  const [stripeSub] = (await api.subscriptions.list({ customer: stripeCustomer.customerId, status: "all" })).data;
  expect(stripeSub!.status).toBe("canceled");

  await reloadUntil(page, "/billing", () =>
    expect(page.getByTestId("subscription-status")).toHaveText("canceled", { timeout: 1000 }),
  );
  await expect(subscription).toContainText("The instance was terminated.");
  await expect(subscription.getByRole("button")).toHaveCount(0);

  await page.getByRole("button", { name: "Open the Customer Portal" }).click();
  await expect(page.getByRole("main", { name: "Billing portal" })).toBeVisible();
  const portalSubs = page.getByRole("region", { name: "Subscriptions" });
  await expect(portalSubs).toContainText("None");
  await expect(portalSubs.getByRole("button")).toHaveCount(0);

  await emailTo(email, /^Your instance shop was terminated$/);
  await staff.context.close();
});
