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

// Conformance: free trials without a payment method.
// https://docs.stripe.com/billing/subscriptions/trials#create-free-trials-without-payment
// https://docs.stripe.com/payments/checkout/free-trials

async function eventTypes(h: Harness, subId: string) {
  const events = await h.stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  return events
    .filter(
      (e) =>
        (e.data.object as { id?: string; subscription?: string }).id === subId ||
        (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subId,
    )
    .reverse();
}

describe("trials", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  it("cancels at the trial's end when no payment method was collected (missing_payment_method=cancel)", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe, 1000);
    const trialEnd = start + 14 * DAY;
    const { session, sub } = await subscribeViaCheckout(
      h,
      {
        customer: customer.id,
        line_items: [{ price: price.id, quantity: 1 }],
        payment_method_collection: "if_required",
        subscription_data: {
          trial_end: trialEnd,
          trial_settings: { end_behavior: { missing_payment_method: "cancel" } },
          metadata: { instanceId: "i-1" },
        },
      },
      { payment_method: null },
    );
    expect(session.payment_status).toBe("no_payment_required");
    expect(session.amount_total).toBe(0);
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end).toBe(trialEnd);
    expect(sub.metadata).toEqual({ instanceId: "i-1" });
    expect(sub.default_payment_method).toBeNull();
    expect(sub.items.data[0]!.current_period_end).toBe(trialEnd);
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("cancel");

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd - 2 * DAY });
    let types = (await eventTypes(h, sub.id)).map((e) => e.type);
    expect(types).toContain("customer.subscription.trial_will_end");
    expect(types).not.toContain("customer.subscription.deleted");
    const willEnd = (await eventTypes(h, sub.id)).find((e) => e.type === "customer.subscription.trial_will_end")!;
    expect(willEnd.created).toBe(trialEnd - 3 * DAY);

    const advanced = await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + DAY });
    expect(advanced.status).toBe("advancing");
    expect((await h.stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe("ready");

    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe("canceled");
    expect(after.ended_at).toBe(trialEnd);
    expect(after.canceled_at).toBe(trialEnd);
    types = (await eventTypes(h, sub.id)).map((e) => e.type);
    expect(types.at(-1)).toBe("customer.subscription.deleted");
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.amount_due, i.status])).toEqual([
      ["subscription_create", 0, "paid"],
    ]);
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data).toHaveLength(1);
  });

  it("pauses at the trial's end without a payment method when missing_payment_method=pause", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe);
    const { sub } = await subscribeViaCheckout(
      h,
      {
        customer: customer.id,
        line_items: [{ price: price.id, quantity: 1 }],
        payment_method_collection: "if_required",
        subscription_data: {
          trial_period_days: 7,
          trial_settings: { end_behavior: { missing_payment_method: "pause" } },
        },
      },
      { payment_method: null },
    );
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 8 * DAY });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("paused");
    expect((await eventTypes(h, sub.id)).map((e) => e.type)).toContain("customer.subscription.paused");
  });

  // trial_settings.end_behavior.missing_payment_method defaults to create_invoice: the invoice cannot be paid.
  it("invoices at the trial's end without a payment method by default, leaving the subscription past_due", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe, 1000);
    const { sub } = await subscribeViaCheckout(
      h,
      {
        customer: customer.id,
        line_items: [{ price: price.id, quantity: 1 }],
        payment_method_collection: "if_required",
        subscription_data: { trial_period_days: 3 },
      },
      { payment_method: null },
    );
    expect(sub.trial_settings?.end_behavior.missing_payment_method).toBe("create_invoice");
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 3 * DAY + 3601 });
    const s = await h.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(s.status).toBe("past_due");
    const inv = s.latest_invoice as Stripe.Invoice;
    expect(inv.status).toBe("open");
    expect(inv.amount_due).toBe(1000);
    expect(inv.next_payment_attempt).toBe(start + 3 * DAY + 3600 + 3 * DAY);
  });

  it("converts to active and charges the card at the trial's end when one was collected", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe, 2500);
    const trialEnd = start + 7 * DAY;
    const { sub } = await subscribeViaCheckout(
      h,
      {
        customer: customer.id,
        line_items: [{ price: price.id, quantity: 1 }],
        subscription_data: { trial_end: trialEnd },
      },
      { payment_method: "pm_card_visa" },
    );
    expect(sub.status).toBe("trialing");
    expect(sub.default_payment_method).toMatch(/^pm_/);

    // At the trial's end the period starts and a draft invoice is created; Stripe finalizes it about an hour later.
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + 60 });
    let s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("active");
    expect(s.items.data[0]!.current_period_start).toBe(trialEnd);
    expect(s.items.data[0]!.current_period_end).toBe(trialEnd + 31 * DAY);
    let inv = await h.stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv.status).toBe("draft");
    expect(inv.billing_reason).toBe("subscription_cycle");
    expect(inv.automatically_finalizes_at).toBe(trialEnd + 3600);

    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + 3601 });
    inv = await h.stripe.invoices.retrieve(inv.id, { expand: ["customer"] });
    expect(inv.status).toBe("paid");
    expect(inv.amount_paid).toBe(2500);
    expect(inv.number).toMatch(/^[A-Z0-9]+-0002$/);
    expect((inv.customer as Stripe.Customer).id).toBe(customer.id);
    s = await h.stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe("active");
    const types = (await eventTypes(h, sub.id)).map((e) => e.type);
    expect(types.slice(types.indexOf("invoice.finalized", 3))).toEqual([
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
  });

  // https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-payment_method_collection
  it("requires a card when payment_method_collection=always, and refuses a declined one while keeping the session open", async () => {
    const price = await createPlan(h.stripe);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://127.0.0.1:3000/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:3000/billing",
      client_reference_id: "instance-42",
      metadata: { instanceId: "42" },
    });
    expect(session.url).toBe(`${h.emu.url}/checkout/${session.id}`);
    expect(session.status).toBe("open");
    await expect(h.control(`checkout/${session.id}/complete`, { payment_method: null })).rejects.toThrow(
      /parameter_missing/,
    );
    await expect(
      h.control(`checkout/${session.id}/complete`, { payment_method: "pm_card_chargeDeclined" }),
    ).rejects.toThrow(/card_declined/);
    await expect(
      h.control(`checkout/${session.id}/complete`, { payment_method: "pm_card_chargeCustomerFail" }),
    ).rejects.toThrow(/card_declined/);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await h.stripe.customers.list()).data).toHaveLength(0);
    await h.control(`checkout/${session.id}/complete`, { payment_method: "pm_card_visa" });
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "line_items"] });
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    expect(done.client_reference_id).toBe("instance-42");
    expect((done.subscription as Stripe.Subscription).status).toBe("active");
    expect(done.line_items?.data[0]?.price?.id).toBe(price.id);
    const completed = (await h.stripe.events.list({ type: "checkout.session.completed" })).data[0]!;
    expect((completed.data.object as Stripe.Checkout.Session).id).toBe(session.id);
  });

  // https://docs.stripe.com/api/checkout/sessions/expire
  it("expires open sessions on request and after expires_at", async () => {
    const start = JAN_1_2030;
    const { clock, customer } = await clockCustomer(h.stripe, start);
    const price = await createPlan(h.stripe);
    const a = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
    });
    const expired = await h.stripe.checkout.sessions.expire(a.id);
    expect(expired.status).toBe("expired");
    expect(expired.url).toBeNull();
    const b = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
    });
    expect(b.expires_at).toBe(start + DAY);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + DAY + 1 });
    expect((await h.stripe.checkout.sessions.retrieve(b.id)).status).toBe("expired");
    expect((await h.stripe.events.list({ type: "checkout.session.expired" })).data).toHaveLength(2);
    const list = await h.stripe.checkout.sessions.list({ customer: customer.id });
    expect(list.data.map((s) => s.id)).toEqual([b.id, a.id]);
  });
});
