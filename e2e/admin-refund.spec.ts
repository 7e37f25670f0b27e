import { stripeApi, upgradeOnCheckout, userIdOf } from "./billing-helpers";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("staff refund a paid invoice in part and then in full, through Stripe credit notes, audited; the customer sees it", async ({
  page,
  browser,
  sql,
}) => {
  test.setTimeout(150_000);
  const email = uniqueEmail("refund");
  await signUpVerifiedAndLogIn(page, email);
  const instanceId = await createDemoInstance(page, "refunded");
  await upgradeOnCheckout(page, /4242 4242 4242 4242/);
  const userId = await userIdOf(sql, email);
  const [invoice] = await sql<{ id: string; number: string; stripe_invoice_id: string; amount_paid: number }[]>`
    select id, number, stripe_invoice_id, amount_paid::int from invoices where user_id = ${userId} and status = 'paid'`;
  expect(invoice!.amount_paid).toBeGreaterThan(200);

  const staff = await staffSession(browser);
  await staff.page.goto(`/admin/users/${userId}`);
  const form = staff.page.getByRole("form", { name: "Refund an invoice" });
  await form.getByLabel("Amount").fill("9999");
  await form.getByLabel("Reason").fill("Outage on 3 Dec");
  await form.getByRole("button", { name: "Refund" }).click();
  await expect(form.getByRole("alert")).toContainText(`can still be refunded`);
  const api = await stripeApi();
  expect((await api.creditNotes.list({ invoice: invoice!.stripe_invoice_id })).data).toHaveLength(0);

  await form.getByLabel("Amount").fill("2");
  await form.getByLabel("Reason").fill("Outage on 3 Dec");
  await form.getByRole("button", { name: "Refund" }).click();
  await expect(form.getByRole("status")).toHaveText(`Refunded $2 of invoice ${invoice!.number} to the card.`);
  const notes = (await api.creditNotes.list({ invoice: invoice!.stripe_invoice_id })).data;
  expect(notes.map((n) => [n.amount, n.refunds?.length ?? 0, n.memo])).toEqual([[200, 1, "Outage on 3 Dec"]]);

  await page.goto(`/billing/invoices/${invoice!.id}`);
  await expect(page.getByTestId("invoice-refunded")).toHaveText("−$2");

  await staff.page.reload();
  await form.getByLabel("Reason").fill("Closing the account");
  await form.getByRole("button", { name: "Refund" }).click();
  const rest = invoice!.amount_paid - 200;
  await expect(form.getByRole("status")).toContainText(`of invoice ${invoice!.number} to the card.`);
  const all = (await api.creditNotes.list({ invoice: invoice!.stripe_invoice_id })).data;
  expect(all.map((n) => n.amount).sort((a, b) => a - b)).toEqual([200, rest].sort((a, b) => a - b));
  await expect(form).toContainText("Every paid invoice is refunded in full.");

  const audit = await sql`select details from audit_log where action = 'billing.refund' and target_id = ${invoice!.id}
    order by created_at`;
  expect(audit.map((a) => [a.details.amount, a.details.full])).toEqual([
    [200, false],
    [rest, true],
  ]);
  await staff.page.goto("/admin/audit?action=billing.refund");
  await expect(staff.page.getByTestId("audit-target").first()).toHaveText(`invoice ${invoice!.number}`);

  // The instance's admin page shows what bills for it: the subscription and the refunded invoice.
  await staff.page.goto(`/admin/instances/${instanceId}`);
  const subscription = staff.page.getByRole("table", { name: "Subscription" });
  await expect(subscription.getByRole("row").nth(1)).toContainText("Active");
  await expect(subscription.getByRole("row").nth(1)).toContainText("Yes");
  const invoiceRow = staff.page
    .getByRole("table", { name: "Invoices" })
    .getByRole("row")
    .filter({ hasText: invoice!.number });
  await expect(invoiceRow).toContainText("Paid");
  await expect(invoiceRow).toContainText(`$${invoice!.amount_paid / 100}`);
  await staff.context.close();
});
