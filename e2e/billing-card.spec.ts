import { stripeApi, upgradeOnCheckout, userIdOf } from "./billing-helpers";
import { createDemoInstance, emailTo, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// What a paying customer sees of their card and of the invoice they paid, after a Checkout with card 4242.
test("the billing page shows the card on file, the invoice's period is its line's, and the receipt names the instance", async ({
  page,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("card");
  await signUpVerifiedAndLogIn(page, email);
  await createDemoInstance(page, "corner-shop");
  await upgradeOnCheckout(page, /4242 4242 4242 4242/);

  const api = await stripeApi();
  const [customer] =
    await sql`select stripe_customer_id from billing_customers where user_id = ${await userIdOf(sql, email)}`;
  const [card] = (await api.customers.listPaymentMethods(customer!.stripe_customer_id, { type: "card" })).data;
  const expiry = `${String(card!.card!.exp_month).padStart(2, "0")}/${card!.card!.exp_year}`;
  await page.goto("/billing");
  await expect(page.getByTestId("card-on-file")).toHaveText(`Visa ending in 4242, expires ${expiry}`);

  await page.goto("/billing/invoices");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");
  const line = (await page.getByTestId("line-period").first().textContent())!.trim();
  expect(line).toMatch(/^\d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4}$/);
  const [from, to] = line.split(" – ");
  expect(from).not.toBe(to);
  await expect(page.getByTestId("invoice-period")).toHaveText(line);

  const receipt = await emailTo(email, /^Receipt:/);
  expect(receipt.subject).toMatch(/^Receipt: \S+ paid for corner-shop \(invoice [\w-]+\)$/);
  expect(receipt.text).toContain("for your instance corner-shop");
});
