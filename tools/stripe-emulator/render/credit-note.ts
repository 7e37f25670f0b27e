import type Stripe from "stripe";
import type { Ctx } from "../core/context";
import type { CreditNoteRec } from "../core/records";

// https://docs.stripe.com/api/credit_notes/object (one amount, no lines: the emulator credits whole amounts)
export function renderCreditNote(ctx: Ctx, n: CreditNoteRec): Stripe.CreditNote {
  return {
    id: n.id,
    object: "credit_note",
    amount: n.amount,
    amount_shipping: 0,
    created: n.created,
    currency: n.currency,
    customer: n.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: n.created,
    invoice: n.invoice,
    lines: { object: "list", data: [], has_more: false, url: `/v1/credit_notes/${n.id}/lines` },
    livemode: false,
    memo: n.memo,
    metadata: { ...n.metadata },
    number: n.number,
    out_of_band_amount: n.outOfBandAmount || null,
    pdf: `${ctx.baseUrl}/credit_notes/${n.id}/pdf`,
    post_payment_amount: n.amount,
    pre_payment_amount: 0,
    pretax_credit_amounts: [],
    reason: n.reason,
    refunds: n.refund
      ? [{ amount_refunded: n.refundAmount, payment_record_refund: null, refund: n.refund, type: "refund" }]
      : [],
    shipping_cost: null,
    status: "issued",
    subtotal: n.amount,
    subtotal_excluding_tax: n.amount,
    total: n.amount,
    total_excluding_tax: n.amount,
    total_taxes: [],
    type: "post_payment",
    voided_at: null,
  };
}
