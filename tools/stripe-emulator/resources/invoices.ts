import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { cardDeclined, invalidRequest, notImplemented, StripeApiError } from "../core/errors";
import type { InvoiceRec } from "../core/records";
import { emit } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import { bool, expand, int, list, listShape, oneOf, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderInvoice, renderInvoiceLine } from "../render/invoice";
import { collectInvoice } from "../billing/collect";
import { finalizeInvoice, markPaid } from "../billing/invoices";
import { isLive } from "../billing/lifecycle";
import { planItemChanges } from "../billing/proration";
import { previewItemUpdate } from "../billing/update";
import { must, requireCustomer } from "./common";
import { itemChange, prorationBehavior } from "./subscriptions";

// Invoices: https://docs.stripe.com/api/invoices (subscription invoices only; list, retrieve, pay, preview).

const listSchema = z.strictObject({
  ...listShape,
  customer: str().optional(),
  subscription: str().optional(),
  status: oneOf(["draft", "open", "paid", "uncollectible", "void"] as const).optional(),
  collection_method: str().optional(),
});

// https://docs.stripe.com/api/invoices/pay
function pay(ctx: Ctx, inv: InvoiceRec, raw: unknown) {
  const p = parseParams(
    z.strictObject({
      payment_method: str().optional(),
      paid_out_of_band: bool().optional(),
      off_session: bool().optional(),
      expand: expand(),
    }),
    raw,
  );
  const now = clockNow(ctx, inv.testClock);
  if (inv.status === "paid") throw invalidRequest("Invoice is already paid.");
  if (inv.status === "void") throw invalidRequest("This invoice is void and cannot be paid.");
  if (inv.status === "draft") finalizeInvoice(ctx, inv, now);
  if (p.paid_out_of_band) {
    markPaid(ctx, inv, now);
    return renderInvoice(ctx, inv);
  }
  if (p.payment_method) {
    const pm = must(ctx.state.paymentMethods, p.payment_method, "PaymentMethod", "payment_method");
    if (pm.customer !== inv.customer)
      throw invalidRequest("The payment method must be attached to the invoice's customer.", {
        param: "payment_method",
      });
  }
  const result = collectInvoice(ctx, inv, now, { automatic: false, paymentMethod: p.payment_method });
  if (!result.ok) {
    if (result.code === "card_declined") throw cardDeclined(result.declineCode ?? "generic_decline");
    throw new StripeApiError(402, { type: "invalid_request_error", code: result.code, message: result.message });
  }
  return renderInvoice(ctx, inv);
}

const previewSchema = z.strictObject({
  customer: str().optional(),
  subscription: str().optional(),
  subscription_details: z
    .strictObject({
      items: list(itemChange).optional(),
      proration_behavior: prorationBehavior.optional(),
      proration_date: int().optional(),
      cancel_at_period_end: bool().optional(),
    })
    .optional(),
  expand: expand(),
});

// https://docs.stripe.com/api/invoices/create_preview
function preview(ctx: Ctx, raw: unknown) {
  const p = parseParams(previewSchema, raw);
  if (!p.customer && !p.subscription) {
    throw invalidRequest("You must pass either `customer` or `subscription`.", {
      code: "parameter_missing",
      param: "customer",
    });
  }
  if (p.customer) requireCustomer(ctx, p.customer);
  let sub = p.subscription ? must(ctx.state.subscriptions, p.subscription, "subscription", "subscription") : undefined;
  if (!sub) sub = [...ctx.state.subscriptions.values()].find((s) => s.customer === p.customer && isLive(s));
  if (!sub)
    throw invalidRequest(`No upcoming invoices for customer: ${p.customer}`, {
      code: "invoice_upcoming_none",
      status: 404,
    });
  const d = p.subscription_details ?? {};
  const behavior = d.proration_behavior ?? "create_prorations";
  const at = d.proration_date ?? clockNow(ctx, sub.testClock);
  const plan = planItemChanges(ctx, sub, d.items ?? [], at, behavior);
  const inv = previewItemUpdate(ctx, sub, plan, behavior, at, d.cancel_at_period_end ?? sub.cancelAtPeriodEnd);
  return renderInvoice(ctx, inv);
}

function act(ctx: Ctx, inv: InvoiceRec, action: "finalize" | "void") {
  const now = clockNow(ctx, inv.testClock);
  if (action === "finalize") {
    if (inv.status !== "draft")
      throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.");
    finalizeInvoice(ctx, inv, now);
    return renderInvoice(ctx, inv);
  }
  // https://docs.stripe.com/api/invoices/void
  if (inv.status !== "open") throw invalidRequest(`You can only void an open invoice; this one is ${inv.status}.`);
  inv.status = "void";
  inv.voidedAt = now;
  inv.nextPaymentAttempt = null;
  const out = renderInvoice(ctx, inv);
  emit(ctx, "invoice.voided", out, now);
  return out;
}

export const invoiceRoutes: Route[] = [
  route("POST", "/v1/invoices", () => {
    throw notImplemented("one-off invoices (only subscription invoices exist in the emulator)");
  }),
  route("POST", "/v1/invoices/create_preview", (ctx, r) => preview(ctx, r.raw)),
  route("GET", "/v1/invoices", (ctx, r) => {
    const p = parseParams(listSchema, r.raw);
    const items = newestFirst(ctx.state.invoices.values())
      .filter(
        (i) =>
          (p.customer === undefined || i.customer === p.customer) &&
          (p.subscription === undefined || i.subscription === p.subscription) &&
          (p.status === undefined || i.status === p.status),
      )
      .map((i) => renderInvoice(ctx, i));
    return paginate(items, p, "/v1/invoices", "invoice");
  }),
  route("GET", "/v1/invoices/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderInvoice(ctx, must(ctx.state.invoices, r.params[0]!, "invoice"));
  }),
  route("GET", "/v1/invoices/:id/lines", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const inv = must(ctx.state.invoices, r.params[0]!, "invoice");
    return paginate(
      inv.lines.map((l) => renderInvoiceLine(ctx, inv, l)),
      p,
      `/v1/invoices/${inv.id}/lines`,
      "line item",
    );
  }),
  route("POST", "/v1/invoices/:id/pay", (ctx, r) => pay(ctx, must(ctx.state.invoices, r.params[0]!, "invoice"), r.raw)),
  route("POST", "/v1/invoices/:id/finalize", (ctx, r) => {
    parseParams(z.strictObject({ auto_advance: bool().optional(), expand: expand() }), r.raw);
    return act(ctx, must(ctx.state.invoices, r.params[0]!, "invoice"), "finalize");
  }),
  route("POST", "/v1/invoices/:id/void", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return act(ctx, must(ctx.state.invoices, r.params[0]!, "invoice"), "void");
  }),
];
