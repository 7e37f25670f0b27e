import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest, notImplemented } from "../core/errors";
import { newId } from "../core/ids";
import type { CreditNoteRec } from "../core/records";
import { emit } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import { emptyable, expand, int, listShape, metadata, mergeMetadata, oneOf, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderCreditNote } from "../render/credit-note";
import { creditedAmount } from "../render/invoice";
import { must } from "./common";

// Credit notes: https://docs.stripe.com/api/credit_notes — on paid invoices, for an `amount` refunded to the
// card (`refund_amount`) or settled outside Stripe (`out_of_band_amount`). Lines, customer-balance credit and
// credit notes on open invoices are not emulated.

const createSchema = z.strictObject({
  invoice: str(),
  amount: int(1).optional(),
  refund_amount: int(0).optional(),
  out_of_band_amount: int(0).optional(),
  credit_amount: int(0).optional(),
  reason: oneOf(["duplicate", "fraudulent", "order_change", "product_unsatisfactory"] as const).optional(),
  memo: emptyable(str()).optional(),
  metadata: metadata().optional(),
  email_type: oneOf(["credit_note", "none"] as const).optional(),
  expand: expand(),
});

// https://docs.stripe.com/api/credit_notes/create
function create(ctx: Ctx, raw: unknown) {
  const p = parseParams(createSchema, raw);
  if (p.credit_amount) throw notImplemented("credit notes credited to the customer balance (credit_amount)");
  const inv = must(ctx.state.invoices, p.invoice, "invoice", "invoice");
  if (inv.status !== "paid")
    throw notImplemented(`credit notes on ${inv.status} invoices (only paid ones are emulated)`);
  const refundAmount = p.refund_amount ?? 0;
  const outOfBand = p.out_of_band_amount ?? 0;
  const amount = p.amount ?? refundAmount + outOfBand;
  if (amount <= 0)
    throw invalidRequest("The credit note needs an amount.", { code: "parameter_missing", param: "amount" });
  if (refundAmount + outOfBand !== amount) {
    throw invalidRequest(
      "The sum of refund_amount and out_of_band_amount must equal the credit note amount for a paid invoice.",
      { param: "amount" },
    );
  }
  const credited = creditedAmount(ctx, inv.id);
  if (amount > inv.total - credited) {
    throw invalidRequest(
      `The credit note amount (${amount}) is more than the invoice's remaining creditable amount (${inv.total - credited}).`,
      { param: "amount" },
    );
  }
  const refunded = [...ctx.state.creditNotes.values()]
    .filter((n) => n.invoice === inv.id)
    .reduce((s, n) => s + n.refundAmount, 0);
  if (refundAmount > inv.amountPaid - refunded) {
    throw invalidRequest(
      `refund_amount (${refundAmount}) is more than what is left to refund of the payment (${inv.amountPaid - refunded}).`,
      { param: "refund_amount" },
    );
  }
  const now = clockNow(ctx, inv.testClock);
  const count = [...ctx.state.creditNotes.values()].filter((n) => n.invoice === inv.id).length;
  const note: CreditNoteRec = {
    id: newId("cn"),
    number: `${inv.number ?? inv.id}-CN-${String(count + 1).padStart(2, "0")}`,
    invoice: inv.id,
    customer: inv.customer,
    currency: inv.currency,
    amount,
    refundAmount,
    outOfBandAmount: outOfBand,
    refund: refundAmount > 0 ? newId("re") : null,
    reason: p.reason ?? null,
    memo: p.memo ?? null,
    metadata: mergeMetadata({}, p.metadata),
    created: now,
  };
  ctx.state.creditNotes.set(note.id, note);
  const out = renderCreditNote(ctx, note);
  emit(ctx, "credit_note.created", out, now);
  return out;
}

const listSchema = z.strictObject({ ...listShape, invoice: str().optional(), customer: str().optional() });

export const creditNoteRoutes: Route[] = [
  route("POST", "/v1/credit_notes", (ctx, r) => create(ctx, r.raw)),
  route("GET", "/v1/credit_notes", (ctx, r) => {
    const p = parseParams(listSchema, r.raw);
    const items = newestFirst(ctx.state.creditNotes.values())
      .filter(
        (n) =>
          (p.invoice === undefined || n.invoice === p.invoice) &&
          (p.customer === undefined || n.customer === p.customer),
      )
      .map((n) => renderCreditNote(ctx, n));
    return paginate(items, p, "/v1/credit_notes", "credit note");
  }),
  route("GET", "/v1/credit_notes/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderCreditNote(ctx, must(ctx.state.creditNotes, r.params[0]!, "credit note"));
  }),
];
