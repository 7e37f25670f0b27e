import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  clockCustomer,
  createPlan,
  DAY,
  JAN_1_2030,
  startHarness,
  subscribeViaCheckout,
  type Harness,
} from "./helpers";

// Conformance: prorations on a price change, previewed and applied.
// https://docs.stripe.com/billing/subscriptions/prorations
// https://docs.stripe.com/billing/subscriptions/prorations#preview-proration
// https://docs.stripe.com/api/invoices/create_preview

const HOUR = 3600;
const prorationTotal = (inv: Stripe.Invoice) =>
  inv.lines.data.filter((l) => l.parent?.subscription_item_details?.proration).reduce((s, l) => s + l.amount, 0);

describe("prorations", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  async function upgradeSetup() {
    const start = JAN_1_2030; // a 31-day period: Jan 1 → Feb 1
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const small = await createPlan(h.stripe, 1000, "small");
    const large = await createPlan(h.stripe, 2000, "large");
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: small.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const midway = start + 15 * DAY; // 16 of 31 days remain
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: midway });
    return { clock, customer, small, large, sub, midway, start };
  }

  it("previews the prorations of an upgrade and bills exactly them on the next invoice (create_prorations)", async () => {
    const { clock, large, sub, midway } = await upgradeSetup();
    const itemId = sub.items.data[0]!.id;
    const preview = await h.stripe.invoices.createPreview({
      customer: sub.customer as string,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: itemId, price: large.id }],
        proration_date: midway,
        proration_behavior: "create_prorations",
      },
    });
    const unused = -Math.round((1000 * 16) / 31);
    const remaining = Math.round((2000 * 16) / 31);
    const prorations = preview.lines.data
      .filter((l) => l.parent?.subscription_item_details?.proration)
      .map((l) => l.amount);
    expect(prorations).toEqual([unused, remaining]);
    expect(prorationTotal(preview)).toBe(516);
    expect(preview.total).toBe(unused + remaining + 2000);
    expect(preview.amount_due).toBe(preview.total);
    // Previewing changes nothing.
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.price.id).not.toBe(large.id);

    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, price: large.id }],
      proration_behavior: "create_prorations",
      proration_date: midway,
    });
    expect(updated.items.data[0]!.price.id).toBe(large.id);
    expect(updated.items.data[0]!.id).toBe(itemId);
    const ev = (await h.stripe.events.list({ type: "customer.subscription.updated" })).data[0]!;
    expect(Object.keys(ev.data.previous_attributes ?? {})).toContain("items");
    // Nothing is invoiced until the renewal.
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2030, 1, 1) / 1000 + 2 * HOUR });
    const renewal = (await h.stripe.invoices.list({ subscription: sub.id })).data[0]!;
    expect(renewal.billing_reason).toBe("subscription_cycle");
    expect(prorationTotal(renewal)).toBe(prorationTotal(preview));
    expect(renewal.total).toBe(preview.total);
    expect(renewal.status).toBe("paid");
  });

  // https://docs.stripe.com/api/subscriptions/cancel: "If you've set the subscription to cancel at the end of the
  // period, any pending prorations are also left in place and collected at the end of the period."
  it("collects pending prorations on a final invoice when a subscription set to cancel at period end ends", async () => {
    const { clock, large, sub, midway } = await upgradeSetup();
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: large.id }],
      proration_behavior: "create_prorations",
      proration_date: midway,
    });
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2030, 1, 1) / 1000 + 2 * HOUR });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
    const invoices = (await h.stripe.invoices.list({ subscription: sub.id })).data;
    expect(invoices).toHaveLength(2);
    const final = invoices[0]!;
    expect(final.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true);
    expect(final.total).toBe(516);
    expect(final.status).toBe("paid");
  });

  it("invoices and charges the prorations at once with always_invoice", async () => {
    const { large, sub, midway } = await upgradeSetup();
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: large.id }],
      proration_behavior: "always_invoice",
      proration_date: midway,
    });
    const [latest] = (await h.stripe.invoices.list({ subscription: sub.id })).data;
    expect(latest!.billing_reason).toBe("subscription_update");
    expect(latest!.total).toBe(516);
    expect(latest!.status).toBe("paid");
  });

  it("creates no prorations with proration_behavior=none", async () => {
    const { large, sub } = await upgradeSetup();
    const preview = await h.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0]!.id, price: large.id }], proration_behavior: "none" },
    });
    expect(prorationTotal(preview)).toBe(0);
    expect(preview.total).toBe(2000);
  });

  // A downgrade's net credit goes to the customer balance, which the next invoice uses when it is finalized.
  // https://docs.stripe.com/billing/customer/balance
  it("credits a downgrade to the customer balance and applies the balance at finalization", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const large = await createPlan(h.stripe, 2000);
    const small = await createPlan(h.stripe, 1000);
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: large.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 15 * DAY });
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: small.id }],
      proration_behavior: "always_invoice",
    });
    const credit = Math.round((2000 * 16) / 31) - Math.round((1000 * 16) / 31);
    const c = await h.stripe.customers.retrieve(customer.id);
    expect((c as Stripe.Customer).balance).toBe(-credit);

    await h.stripe.customers.createBalanceTransaction(customer.id, {
      amount: -200,
      currency: "usd",
      description: "goodwill",
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2030, 1, 1) / 1000 + 2 * HOUR });
    const renewal = (await h.stripe.invoices.list({ subscription: sub.id })).data[0]!;
    expect(renewal.total).toBe(1000);
    expect(renewal.starting_balance).toBe(-credit - 200);
    expect(renewal.ending_balance).toBe(0);
    expect(renewal.amount_due).toBe(1000 - credit - 200);
    expect(renewal.amount_paid).toBe(renewal.amount_due);
    const txns = await h.stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data[0]!.type).toBe("applied_to_invoice");
    expect(txns.data[0]!.ending_balance).toBe(0);
  });

  // https://docs.stripe.com/billing/subscriptions/coupons#coupon-duration
  it("applies a `once` coupon to the first invoice only and a `repeating` one for its months", async () => {
    const start = JAN_1_2030;
    const price = await createPlan(h.stripe, 1000);
    const once = await h.stripe.coupons.create({ percent_off: 50, duration: "once" });
    const threeMonths = await h.stripe.coupons.create({
      amount_off: 300,
      currency: "usd",
      duration: "repeating",
      duration_in_months: 2,
    });
    const promo = await h.stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: threeMonths.id },
      code: "SPRING",
    });
    expect(promo.code).toBe("SPRING");

    const a = await clockCustomer(h.stripe, start);
    const { sub: subA, session } = await subscribeViaCheckout(
      h,
      { customer: a.customer.id, line_items: [{ price: price.id, quantity: 1 }], discounts: [{ coupon: once.id }] },
      { payment_method: "pm_card_visa" },
    );
    expect(session.amount_total).toBe(500);
    const minimum = await h.stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: once.id },
      code: "BIG",
      restrictions: { minimum_amount: 5000, minimum_amount_currency: "usd" },
    });
    const tooSmall = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      allow_promotion_codes: true,
    });
    await expect(
      h.control(`checkout/${tooSmall.id}/complete`, { payment_method: "pm_card_visa", promotion_code: minimum.code }),
    ).rejects.toThrow(/minimum/);
    expect(session.total_details?.amount_discount).toBe(500);
    await h.stripe.testHelpers.testClocks.advance(a.clock.id, { frozen_time: Date.UTC(2030, 1, 1) / 1000 + 2 * HOUR });
    const totalsA = (await h.stripe.invoices.list({ subscription: subA.id })).data.map((i) => i.total).reverse();
    expect(totalsA).toEqual([500, 1000]);

    const b = await clockCustomer(h.stripe, start);
    const { sub: subB } = await subscribeViaCheckout(
      h,
      { customer: b.customer.id, line_items: [{ price: price.id, quantity: 1 }], allow_promotion_codes: true },
      { payment_method: "pm_card_visa", promotion_code: "spring" },
    );
    for (const month of [1, 2, 3]) {
      await h.stripe.testHelpers.testClocks.advance(b.clock.id, {
        frozen_time: Date.UTC(2030, month, 1) / 1000 + 2 * HOUR,
      });
    }
    const totalsB = (await h.stripe.invoices.list({ subscription: subB.id })).data.map((i) => i.total).reverse();
    expect(totalsB).toEqual([700, 700, 1000, 1000]);
    expect((await h.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await h.stripe.coupons.retrieve(once.id)).times_redeemed).toBe(1);
  });

  // https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts
  it("refuses allow_promotion_codes together with discounts", async () => {
    const price = await createPlan(h.stripe);
    const coupon = await h.stripe.coupons.create({ percent_off: 10, duration: "forever" });
    const err = await h.stripe.checkout.sessions
      .create({
        mode: "subscription",
        line_items: [{ price: price.id, quantity: 1 }],
        allow_promotion_codes: true,
        discounts: [{ coupon: coupon.id }],
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((err as Stripe.errors.StripeError).code).toBe("parameters_exclusive");
  });
});
