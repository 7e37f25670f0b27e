import type { IncomingMessage, ServerResponse } from "node:http";
import type { Ctx } from "../core/context";
import { customerNow } from "../core/context";
import { StripeApiError } from "../core/errors";
import type { PortalSessionRec } from "../core/records";
import { emitUpdated } from "../events/emit";
import { assertAttachable, paymentMethodFromToken, TEST_CARD_NUMBERS } from "../billing/payments";
import { emit } from "../events/emit";
import { parseForm } from "../http/form";
import { newestFirst } from "../http/list";
import { readBody, redirect, sendHtml } from "../http/respond";
import { renderCustomer, renderPaymentMethod } from "../render/customer";
import { callApi } from "../resources";
import { cardChoices, date, esc, money, page } from "./html";

// Stand-in for the customer portal at a portal session's `url`: update the card, cancel at period end or
// renew, see invoices, return to return_url. https://docs.stripe.com/customer-management

function render(ctx: Ctx, s: PortalSessionRec, error: string | null, notice: string | null): string {
  const customer = ctx.state.customers.get(s.customer);
  const pm = customer?.defaultPaymentMethod ? ctx.state.paymentMethods.get(customer.defaultPaymentMethod) : undefined;
  const subs = newestFirst(ctx.state.subscriptions.values()).filter(
    (x) => x.customer === s.customer && x.status !== "canceled",
  );
  const subRows = subs
    .map((sub) => {
      const price = ctx.state.prices.get(sub.items[0]!.price);
      const name = price ? (ctx.state.products.get(price.product)?.name ?? price.id) : "";
      const action = sub.cancelAtPeriodEnd
        ? `<button type="submit" formaction="/portal/${s.id}/subscriptions/${sub.id}/renew">Renew ${esc(name)}</button>`
        : `<button type="submit" formaction="/portal/${s.id}/subscriptions/${sub.id}/cancel">Cancel ${esc(name)}</button>`;
      const state = sub.cancelAtPeriodEnd
        ? `ends ${date(sub.currentPeriodEnd)}`
        : `renews ${date(sub.currentPeriodEnd)}`;
      return `<tr><td>${esc(name)}</td><td>${esc(sub.status)}</td><td>${esc(state)}</td><td><form method="post">${action}</form></td></tr>`;
    })
    .join("");
  const invoices = newestFirst(ctx.state.invoices.values())
    .filter((i) => i.customer === s.customer && i.status !== "draft")
    .map(
      (i) =>
        `<tr><td>${esc(i.number)}</td><td>${esc(date(i.created))}</td><td>${esc(money(i.amountDue, i.currency))}</td><td>${esc(i.status)}</td></tr>`,
    )
    .join("");
  return page(
    "Billing portal — Stripe emulator",
    `<main aria-label="Billing portal">
<h1>Billing</h1>
<p>${esc(customer?.email ?? s.customer)}</p>
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ""}
${notice ? `<p role="status">${esc(notice)}</p>` : ""}
<section aria-label="Subscriptions"><h2>Subscriptions</h2><table>${subRows || "<tr><td>None</td></tr>"}</table></section>
<section aria-label="Payment method"><h2>Payment method</h2>
<p data-testid="current-card">${pm ? `Visa ending in ${esc(pm.last4)}` : "No card on file"}</p>
<form method="post" action="/portal/${s.id}/payment-method">${cardChoices(false)}<button type="submit">Update card</button></form></section>
<section aria-label="Invoices"><h2>Invoices</h2><table>${invoices || "<tr><td>None</td></tr>"}</table></section>
${s.returnUrl ? `<p><a href="${esc(s.returnUrl)}">Return to Berth</a></p>` : ""}
</main>`,
  );
}

// The portal saves a new card as the customer's and their subscriptions' default.
function updateCard(ctx: Ctx, s: PortalSessionRec, cardNumber: string): void {
  const token = TEST_CARD_NUMBERS[cardNumber];
  if (!token) throw new Error("Choose one of the test cards.");
  const customer = ctx.state.customers.get(s.customer);
  if (!customer) throw new Error("This customer no longer exists.");
  const now = customerNow(ctx, customer.id);
  const pm = paymentMethodFromToken(ctx, token, now);
  assertAttachable(pm);
  pm.customer = customer.id;
  emit(ctx, "payment_method.attached", renderPaymentMethod(pm), now);
  const before = renderCustomer(customer);
  customer.defaultPaymentMethod = pm.id;
  emitUpdated(ctx, "customer.updated", before, renderCustomer(customer), now);
  for (const sub of ctx.state.subscriptions.values()) {
    if (sub.customer === customer.id && sub.status !== "canceled")
      callApi(ctx, "POST", `/v1/subscriptions/${sub.id}`, { default_payment_method: pm.id });
  }
}

export async function portalPage(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  s: PortalSessionRec,
  rest: string,
): Promise<void> {
  if (req.method !== "POST") return sendHtml(res, 200, render(ctx, s, null, null));
  const form = parseForm(await readBody(req));
  try {
    const m = /^\/subscriptions\/([^/]+)\/(cancel|renew)$/.exec(rest);
    if (m) {
      const sub = ctx.state.subscriptions.get(m[1]!);
      if (!sub || sub.customer !== s.customer) throw new Error("No such subscription.");
      callApi(ctx, "POST", `/v1/subscriptions/${sub.id}`, {
        cancel_at_period_end: m[2] === "cancel" ? "true" : "false",
      });
    } else if (rest === "/payment-method") {
      updateCard(ctx, s, typeof form.card === "string" ? form.card : "");
    } else {
      throw new Error("Unknown portal action.");
    }
  } catch (e) {
    const message = e instanceof StripeApiError || e instanceof Error ? e.message : String(e);
    return sendHtml(res, e instanceof StripeApiError ? e.status : 400, render(ctx, s, message, null));
  }
  redirect(res, `/portal/${s.id}`);
}
