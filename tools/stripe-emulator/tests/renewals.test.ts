import Stripe from "stripe";
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

// Conformance: renewals, failed payments and the retry schedule.
// https://docs.stripe.com/billing/subscriptions/overview#failed-payments
// https://docs.stripe.com/billing/revenue-recovery/smart-retries#retry-schedule (a fixed 3/5/7-day schedule here)
// https://docs.stripe.com/testing#declined-payments (4000000000000341: attaches, then every charge fails)

const HOUR = 3600;

async function failingTrialSubscription(h: Harness) {
  const start = JAN_1_2030;
  const { clock, customer } = await clockCustomer(h.stripe, start);
  const price = await createPlan(h.stripe, 1000);
  const trialEnd = start + 7 * DAY;
  const { sub } = await subscribeViaCheckout(
    h,
    {
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_end: trialEnd },
    },
    { payment_method: "pm_card_chargeCustomerFail" },
  );
  return { clock, customer, sub, trialEnd, price };
}

describe("renewals and retries", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  it("marks a failed renewal payment_failed, the subscription past_due, and retries 3, 5 and 7 days later before canceling", async () => {
    const { clock, sub, trialEnd } = await failingTrialSubscription(h);
    const finalizedAt = trialEnd + HOUR;

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: finalizedAt });
    let s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("past_due");
    let inv = await h.stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv.status).toBe("open");
    expect(inv.attempt_count).toBe(1);
    expect(inv.attempted).toBe(true);
    expect(inv.next_payment_attempt).toBe(finalizedAt + 3 * DAY);
    expect(inv.amount_remaining).toBe(1000);

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: finalizedAt + 3 * DAY });
    inv = await h.stripe.invoices.retrieve(inv.id);
    expect(inv.attempt_count).toBe(2);
    expect(inv.next_payment_attempt).toBe(finalizedAt + 8 * DAY);

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: finalizedAt + 8 * DAY });
    inv = await h.stripe.invoices.retrieve(inv.id);
    expect(inv.attempt_count).toBe(3);
    expect(inv.next_payment_attempt).toBe(finalizedAt + 15 * DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: finalizedAt + 15 * DAY });
    inv = await h.stripe.invoices.retrieve(inv.id);
    expect(inv.attempt_count).toBe(4);
    expect(inv.next_payment_attempt).toBeNull();
    expect(inv.status).toBe("open");
    s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("canceled");
    expect(s.cancellation_details?.reason).toBe("payment_failed");
    expect(s.ended_at).toBe(finalizedAt + 15 * DAY);

    const failed = await h.stripe.events.list({ type: "invoice.payment_failed" });
    expect(failed.data.map((e) => (e.data.object as Stripe.Invoice).attempt_count)).toEqual([4, 3, 2, 1]);
    const updates = (await h.stripe.events.list({ type: "customer.subscription.updated" })).data;
    const toPastDue = updates.find((e) => (e.data.object as Stripe.Subscription).status === "past_due")!;
    expect(toPastDue.data.previous_attributes).toMatchObject({ status: "active" });
  });

  it("leaves the subscription unpaid instead when configured so", async () => {
    await h.control("config", { afterRetriesExhausted: "unpaid", retrySchedule: [1] });
    const { clock, sub, trialEnd } = await failingTrialSubscription(h);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + HOUR + 2 * DAY });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("unpaid");
  });

  // https://docs.stripe.com/api/invoices/pay
  it("recovers when the customer pays the open invoice with a working card: paid, and the subscription active again", async () => {
    const { clock, customer, sub, trialEnd } = await failingTrialSubscription(h);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + HOUR });
    const s = await h.stripe.subscriptions.retrieve(sub.id);
    const err = await h.stripe.invoices.pay(s.latest_invoice as string).catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(402);
    expect((err as Stripe.errors.StripeError).code).toBe("card_declined");
    expect((err as Stripe.errors.StripeError).decline_code).toBe("generic_decline");

    const declined = await h.stripe.paymentMethods
      .attach("pm_card_chargeDeclined", { customer: customer.id })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((declined as Stripe.errors.StripeError).type).toBe("StripeCardError");

    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
    const paid = await h.stripe.invoices.pay(s.latest_invoice as string);
    expect(paid.status).toBe("paid");
    expect(paid.attempt_count).toBe(3);
    expect(paid.next_payment_attempt).toBeNull();
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    const methods = await h.stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(methods.data.map((m) => m.card?.last4).sort()).toEqual(["0341", "4242"]);
  });

  // https://docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle
  it("ends a subscription set to cancel_at_period_end at the period boundary, without a renewal invoice", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe, 1000);
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const periodEnd = sub.items.data[0]!.current_period_end;
    expect(periodEnd).toBe(Date.UTC(2030, 1, 1) / 1000);
    const updated = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated.cancel_at_period_end).toBe(true);
    expect(updated.cancel_at).toBe(periodEnd);
    expect(updated.status).toBe("active");
    const ev = (await h.stripe.events.list({ type: "customer.subscription.updated" })).data[0]!;
    expect(ev.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });

    // Renew instead, then cancel again.
    expect((await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false })).cancel_at).toBeNull();
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 2 * HOUR });
    const s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("canceled");
    expect(s.ended_at).toBe(periodEnd);
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    expect((await h.stripe.events.list({ type: "customer.subscription.deleted" })).data).toHaveLength(1);
  });

  // https://docs.stripe.com/billing/testing/test-clocks#limitations
  it("refuses to advance a clock more than two intervals of its shortest subscription at once", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe);
    await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const err = await h.stripe.testHelpers.testClocks
      .advance(clock.id, { frozen_time: Date.UTC(2030, 3, 1) / 1000 })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((err as Stripe.errors.StripeError).param).toBe("frozen_time");
    const ok = await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2030, 2, 1) / 1000 });
    // Like Stripe's, the answer describes the clock as it starts advancing; a retrieve shows where it stopped.
    expect(ok.status).toBe("advancing");
    expect(ok.status_details.advancing?.target_frozen_time).toBe(Date.UTC(2030, 2, 1) / 1000);
    expect((await h.stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time).toBe(Date.UTC(2030, 2, 1) / 1000);
    const renewalEvent = (await h.stripe.events.list({ type: "invoice.created", limit: 1 })).data[0]!;
    expect(renewalEvent.request).toEqual({ id: null, idempotency_key: null });
  });

  // https://docs.stripe.com/api/subscriptions/cancel
  it("cancels immediately on DELETE", async () => {
    const price = await createPlan(h.stripe);
    const { sub } = await subscribeViaCheckout(
      h,
      { line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.cancellation_details?.reason).toBe("cancellation_requested");
  });

  // https://docs.stripe.com/api/subscriptions/cancel#cancel_subscription-cancellation_details-comment
  it("keeps the cancellation comment, and a canceled subscription is not renewed past its period", async () => {
    const { clock, customer } = await clockCustomer(h.stripe, JAN_1_2030);
    const price = await createPlan(h.stripe);
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const canceled = await h.stripe.subscriptions.cancel(sub.id, { cancellation_details: { comment: "Terminated." } });
    expect(canceled.cancellation_details).toMatchObject({ comment: "Terminated.", reason: "cancellation_requested" });
    await h.stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: sub.items.data[0]!.current_period_end + 2 * DAY,
    });
    expect((await h.stripe.invoices.list({ subscription: sub.id })).data.map((i) => i.billing_reason)).toEqual([
      "subscription_create",
    ]);
  });

  // https://docs.stripe.com/billing/subscriptions/billing-cycle and https://docs.stripe.com/api/events/types#event_types-invoice.upcoming
  it("renews monthly on the anchor day, sending invoice.upcoming three days ahead", async () => {
    const start = Date.UTC(2030, 0, 31) / 1000;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe, 900);
    const { sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    const feb28 = Date.UTC(2030, 1, 28) / 1000;
    expect(sub.items.data[0]!.current_period_end).toBe(feb28);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: feb28 + 2 * HOUR });
    const s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.items.data[0]!.current_period_end).toBe(Date.UTC(2030, 2, 31) / 1000);
    const upcoming = (await h.stripe.events.list({ type: "invoice.upcoming" })).data;
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]!.created).toBe(feb28 - 3 * DAY);
    const invoices = (await h.stripe.invoices.list({ subscription: sub.id })).data;
    expect(invoices.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ["subscription_cycle", "paid", 900],
      ["subscription_create", "paid", 900],
    ]);
    expect(invoices[0]!.lines.data[0]!.period).toEqual({ start: feb28, end: Date.UTC(2030, 2, 31) / 1000 });
  });
});
