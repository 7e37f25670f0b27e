import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, startHarness, subscribeViaCheckout, type Harness } from "./helpers";

// Conformance: credit notes on a paid invoice, refunded to the card.
// https://docs.stripe.com/invoicing/dashboard/credit-notes#post-payment (post-payment credit notes)
// https://docs.stripe.com/api/credit_notes/create

describe("credit notes", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  async function paidInvoice() {
    const price = await createPlan(h.stripe, 1500);
    const { sub } = await subscribeViaCheckout(
      h,
      { line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    return h.stripe.invoices.retrieve(sub.latest_invoice as string);
  }

  it("refunds a paid invoice and records the amount on it, replaying the same answer for the same idempotency key", async () => {
    const invoice = await paidInvoice();
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 1500, post_payment_credit_notes_amount: 0 });
    const params = {
      invoice: invoice.id!,
      amount: 1500,
      refund_amount: 1500,
      reason: "order_change" as const,
      memo: "Never ran.",
    };
    const note = await h.stripe.creditNotes.create(params, { idempotencyKey: "refund-1" });
    expect(note).toMatchObject({
      object: "credit_note",
      invoice: invoice.id,
      amount: 1500,
      status: "issued",
      type: "post_payment",
      memo: "Never ran.",
    });
    expect(note.refunds).toEqual([
      expect.objectContaining({ amount_refunded: 1500, refund: expect.stringMatching(/^re_/) }),
    ]);
    expect((await h.stripe.creditNotes.create(params, { idempotencyKey: "refund-1" })).id).toBe(note.id);
    expect(await h.stripe.invoices.retrieve(invoice.id!)).toMatchObject({
      status: "paid",
      amount_paid: 1500,
      post_payment_credit_notes_amount: 1500,
    });
    expect((await h.stripe.creditNotes.list({ invoice: invoice.id! })).data.map((n) => n.id)).toEqual([note.id]);
    expect((await h.stripe.events.list({ type: "credit_note.created" })).data).toHaveLength(1);
  });

  it("refuses to credit more than the invoice, or to refund more than was paid", async () => {
    const invoice = await paidInvoice();
    await h.stripe.creditNotes.create({ invoice: invoice.id!, amount: 1000, refund_amount: 1000 });
    const more = h.stripe.creditNotes.create({ invoice: invoice.id!, amount: 1000, refund_amount: 1000 });
    await expect(more).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(more).rejects.toMatchObject({ param: "amount" });
    await expect(
      h.stripe.creditNotes.create({ invoice: invoice.id!, amount: 500, refund_amount: 400 }),
    ).rejects.toMatchObject({ param: "amount" });
    expect((await h.stripe.invoices.retrieve(invoice.id!)).post_payment_credit_notes_amount).toBe(1000);
  });
});
