import { randomUUID } from "node:crypto";
import { formatMoney } from "../lib/format";
import { stripeApi } from "./billing-helpers";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

test("a promotion code entered on the hosted Checkout page lowers the first invoice", async ({ page, sql }) => {
  test.setTimeout(120_000);
  const api = await stripeApi();
  const code = `SPRING${randomUUID().slice(0, 6).toUpperCase()}`;
  const coupon = await api.coupons.create({ percent_off: 25, duration: "once", name: "Spring 25%" });
  await api.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code });
  const [plan] = await sql<
    { price_cents: number; currency: string }[]
  >`select price_cents, currency from plans where slug = 'starter'`;
  const discount = Math.round(plan!.price_cents * 0.25);

  await signUpVerifiedAndLogIn(page, uniqueEmail("promo"));
  await createDemoInstance(page);
  await page.getByRole("button", { name: "Upgrade" }).click();
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await page.getByLabel("Promotion code").fill("NOT-A-CODE");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("alert")).toContainText("This code is invalid");

  await page.getByLabel("Promotion code").fill(code.toLowerCase());
  await page.getByRole("radio", { name: /4242 4242 4242 4242/ }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: /your subscription is active/ })).toBeVisible();

  await page.goto("/billing/invoices");
  await expect(page.getByRole("table").getByRole("link")).toHaveCount(1);
  await page.getByRole("table").getByRole("link").click();
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");
  await expect(page.getByRole("row", { name: /Subtotal/ })).toContainText(
    formatMoney(plan!.price_cents, plan!.currency),
  );
  // The line names the coupon the code stood for.
  await expect(page.getByRole("row", { name: /^Discount \(Spring 25%\)/ })).toContainText(
    `−${formatMoney(discount, plan!.currency)}`,
  );
  await expect(page.getByTestId("invoice-total")).toHaveText(formatMoney(plan!.price_cents - discount, plan!.currency));
  await expect(page.getByRole("row", { name: /Amount paid/ })).toContainText(
    formatMoney(plan!.price_cents - discount, plan!.currency),
  );
});
