import { E2E_OPERATOR } from "../scripts/test/e2e-stripe";
import { reloadUntil, stripeApi, upgradeOnCheckout, userIdOf } from "./billing-helpers";
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

test("billing address and tax ID are checked, kept on the Stripe customer and printed on Berth's PDF invoice, which only its owner can download", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(150_000);
  const email = uniqueEmail("pdf");
  await signUpVerifiedAndLogIn(page, email, "Grace Hopper");
  await page.goto("/billing");
  const form = page.getByRole("form", { name: "Billing details" });
  await form.getByLabel("Street address").fill("12 Canal Street");
  await form.getByLabel("City").fill("Galway");
  await form.getByLabel("Postal code").fill("H91 X2Y3");
  await form.getByLabel("Country code").fill("Ireland");
  await form.getByRole("button", { name: "Save billing details" }).click();
  await expect(form.getByRole("alert")).toHaveText("Enter the country as its two-letter code, such as IE, DE or US.");
  await expect(form.getByLabel("Street address")).toHaveValue("12 Canal Street");

  await form.getByLabel("Country code").fill("ie");
  await form.getByLabel("Tax ID type").selectOption({ label: "EU VAT number" });
  await form.getByLabel("Tax ID", { exact: true }).fill("12345");
  await form.getByRole("button", { name: "Save billing details" }).click();
  await expect(form.getByRole("alert")).toHaveText("That is not a valid EU VAT number.");
  const api = await stripeApi();
  const [customer] =
    await sql`select stripe_customer_id from billing_customers where user_id = ${await userIdOf(sql, email)}`;
  const customerId = customer!.stripe_customer_id as string;
  expect(((await api.customers.retrieve(customerId)) as { address: unknown }).address).toBeNull();
  expect((await api.customers.listTaxIds(customerId)).data).toHaveLength(0);

  await form.getByLabel("Tax ID", { exact: true }).fill("IE6388047V");
  await form.getByRole("button", { name: "Save billing details" }).click();
  await expect(form.getByText("Billing details saved. They appear on your next invoices.")).toBeVisible();
  expect(((await api.customers.retrieve(customerId)) as { address: unknown }).address).toMatchObject({
    line1: "12 Canal Street",
    city: "Galway",
    postal_code: "H91 X2Y3",
    country: "IE",
  });
  expect((await api.customers.listTaxIds(customerId)).data.map((t) => [t.type, t.value])).toEqual([
    ["eu_vat", "IE6388047V"],
  ]);
  await page.reload();
  await expect(form.getByLabel("Tax ID", { exact: true })).toHaveValue("IE6388047V");

  await createDemoInstance(page, "pdf-shop");
  await upgradeOnCheckout(page, /4242 4242 4242 4242/);
  await page.goto("/billing/invoices");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/billing\/invoices\/[0-9a-f-]{36}$/);
  const invoiceUrl = page.url();
  const download = page.getByRole("link", { name: "Download the invoice (PDF)" });
  await reloadUntil(page, invoiceUrl, () => expect(download).toBeVisible());
  const total = (await page.getByTestId("invoice-total").textContent())!.trim();
  const href = (await download.getAttribute("href"))!;
  const answer = await page.request.get(href);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await answer.body());
  for (const expected of [
    E2E_OPERATOR.OPERATOR_NAME,
    "7 Pier Lane",
    "Dublin D02 XY45",
    "Grace Hopper",
    "12 Canal Street",
    "H91 X2Y3 Galway",
    "EU VAT number: IE6388047V",
    "Instance: pdf-shop",
    `Total ${total}`,
  ])
    expect(text).toContain(expected);

  const stranger = await browser.newPage();
  await signUpVerifiedAndLogIn(stranger, uniqueEmail("stranger"));
  expect((await stranger.request.get(new URL(href, invoiceUrl).toString())).status()).toBe(404);
  await stranger.close();
});

async function pdfText(bytes: Buffer) {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}
