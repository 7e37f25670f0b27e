import { formatMoney } from "../lib/format";
import { paidInstanceOnTestClock } from "./billing-helpers";
import { expect, openInstanceTab, test } from "./fixtures";

test("a paid resize shows Stripe's prorated price as the plan is picked, and changes only once it is confirmed", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(180_000);
  const { api, stripeCustomer, instanceId, staff } = await paidInstanceOnTestClock({
    page,
    browser,
    sql,
    tag: "resizeprice",
  });
  await page.goto(`/instances/${instanceId}/settings`);
  const form = page.getByRole("form", { name: "Resize" });
  await expect(form.getByTestId("resize-price")).toHaveCount(0);
  await page.getByLabel("Change plan").selectOption({ label: "Standard: 1 vCPU, 1 GB" });

  // The same amount Stripe's upcoming-invoice preview gives for the change, before anything is submitted.
  const [sub] = (await api.subscriptions.list({ customer: stripeCustomer.customerId })).data;
  const standard = (await api.prices.list({ lookup_keys: ["berth_standard_monthly"] })).data[0]!;
  const preview = await api.invoices.createPreview({
    subscription: sub!.id,
    subscription_details: {
      items: [{ id: sub!.items.data[0]!.id, price: standard.id }],
      proration_behavior: "create_prorations",
    },
  });
  const prorated = preview.lines.data
    .filter((l) => l.parent?.subscription_item_details?.proration)
    .reduce((sum, l) => sum + l.amount, 0);
  const amount = formatMoney(prorated, preview.currency);
  await expect(form.getByTestId("resize-price")).toContainText(
    `Standard costs $15 a month. The prorated difference for the rest of this period is ${amount}`,
  );
  await expect(form.getByRole("alert")).toHaveCount(0);

  await form.getByRole("button", { name: "Resize" }).click();
  await expect(form.getByRole("alert")).toHaveText(
    `Tick “Confirm the prorated charge of ${amount}” to move to Standard.`,
  );
  await expect(page.getByLabel("Change plan").locator("option:checked")).toHaveText("Standard: 1 vCPU, 1 GB");
  expect((await api.subscriptions.retrieve(sub!.id)).items.data[0]!.price.id).not.toBe(standard.id);

  await form.getByLabel(`Confirm the prorated charge of ${amount}`).check();
  await form.getByRole("button", { name: "Resize" }).click();
  await openInstanceTab(page, "Overview");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Resized from Starter to Standard", {
    timeout: 30_000,
  });
  expect((await api.subscriptions.retrieve(sub!.id)).items.data[0]!.price.id).toBe(standard.id);
  await staff.context.close();
});
