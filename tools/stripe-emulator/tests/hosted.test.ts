import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, startHarness, subscribeViaCheckout, type Harness } from "./helpers";

// The hosted stand-ins: Checkout (https://docs.stripe.com/payments/checkout) and the customer portal
// (https://docs.stripe.com/customer-management). Driven over plain HTTP here; the Playwright suite drives them in a browser.

async function post(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    body: new URLSearchParams(form),
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

describe("hosted pages", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  it("checkout page: shows the banner, keeps the session open on a decline, redirects to success_url on success", async () => {
    const price = await createPlan(h.stripe, 1200);
    const coupon = await h.stripe.coupons.create({ percent_off: 25, duration: "forever" });
    await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "WELCOME" });
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: "http://127.0.0.1:3000/billing/done?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:3000/billing",
    });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain("Local Stripe emulator");
    expect(html).toContain("Promotion code");
    expect(html).toContain('href="http://127.0.0.1:3000/billing"');
    expect(html).not.toContain("No card");

    const declined = await post(session.url!, { card: "4000000000000002", email: "buyer@example.com" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('role="alert"');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const ok = await post(session.url!, {
      card: "4242424242424242",
      email: "buyer@example.com",
      promotion_code: "welcome",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`http://127.0.0.1:3000/billing/done?session_id=${session.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["customer"] });
    expect(done.status).toBe("complete");
    expect(done.amount_total).toBe(900);
    expect((done.customer as Stripe.Customer).email).toBe("buyer@example.com");

    // The invoice's discount expands to the Discount, whose source names the coupon (as Stripe's does).
    const customerId = (done.customer as Stripe.Customer).id;
    const [invoice] = (
      await h.stripe.invoices.list({ customer: customerId, expand: ["data.total_discount_amounts.discount"] })
    ).data;
    const [applied] = invoice!.total_discount_amounts!;
    expect(applied!.amount).toBe(300);
    expect(applied!.discount).toMatchObject({ object: "discount", source: { type: "coupon", coupon: coupon.id } });
  });

  it("portal page: cancels at period end, renews, updates the card, links back to return_url", async () => {
    const price = await createPlan(h.stripe);
    const customer = await h.stripe.customers.create({ email: "p@example.com" });
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://127.0.0.1:3000/billing",
    });
    expect(portal.url).toBe(`${h.emu.url}/portal/${portal.id}`);
    const html = await (await fetch(portal.url)).text();
    expect(html).toContain("Return to Berth");
    expect(html).toContain("Cancel Plan 1000");

    expect((await post(`${portal.url}/subscriptions/${sub.id}/cancel`, {})).status).toBe(303);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    expect((await post(`${portal.url}/subscriptions/${sub.id}/renew`, {})).status).toBe(303);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

    const bad = await post(`${portal.url}/payment-method`, { card: "4000000000000002" });
    expect(bad.status).toBe(402);
    expect((await post(`${portal.url}/payment-method`, { card: "4000000000000341" })).status).toBe(303);
    const c = (await h.stripe.customers.retrieve(customer.id, {
      expand: ["invoice_settings.default_payment_method"],
    })) as Stripe.Customer;
    expect((c.invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe("0341");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).default_payment_method).toBe(
      (c.invoice_settings.default_payment_method as Stripe.PaymentMethod).id,
    );
  });
});
