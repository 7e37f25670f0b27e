import type { IncomingMessage, ServerResponse } from "node:http";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { StripeApiError } from "../core/errors";
import type { CheckoutSessionRec } from "../core/records";
import { completeCheckout, sessionTrialEnd } from "../billing/checkout";
import { TEST_CARD_NUMBERS } from "../billing/payments";
import { parseForm } from "../http/form";
import { readBody, redirect, sendHtml } from "../http/respond";
import { cardChoices, date, esc, money, page } from "./html";

// Stand-in for the hosted Checkout page at the session's `url`.
// https://docs.stripe.com/payments/checkout — on success Stripe redirects to success_url with
// {CHECKOUT_SESSION_ID} replaced (https://docs.stripe.com/payments/checkout/custom-success-page); "back" goes to cancel_url;
// a decline shows the error and leaves the session open.

function render(ctx: Ctx, s: CheckoutSessionRec, error: string | null): string {
  const now = clockNow(ctx, s.testClock);
  const trialEnd = sessionTrialEnd(s, now);
  const rows = s.lineItems
    .map((l) => {
      const price = ctx.state.prices.get(l.price);
      const product = price ? ctx.state.products.get(price.product) : undefined;
      const per = price?.recurring
        ? ` / ${price.recurring.intervalCount > 1 ? `${price.recurring.intervalCount} ` : ""}${price.recurring.interval}`
        : "";
      return `<tr><td>${esc(product?.name ?? l.price)}</td><td>× ${l.quantity}</td><td>${price ? esc(money(price.unitAmount, price.currency) + per) : ""}</td></tr>`;
    })
    .join("");
  const dueNow = trialEnd !== null ? 0 : s.amountTotal;
  const trial =
    trialEnd !== null
      ? `<p data-testid="trial">Free trial until ${esc(date(trialEnd))}. Nothing is charged today.</p>`
      : "";
  const promo = s.allowPromotionCodes
    ? `<p><label>Promotion code <input name="promotion_code" autocomplete="off"></label></p>`
    : "";
  const email = s.customer
    ? ""
    : `<p><label>Email <input type="email" name="email" value="${esc(s.customerEmail ?? "")}"></label></p>`;
  const allowNone = s.paymentMethodCollection === "if_required" && dueNow === 0;
  const back = s.cancelUrl ? `<p><a href="${esc(s.cancelUrl)}">Back</a></p>` : "";
  return page(
    "Checkout — Stripe emulator",
    `<main aria-label="Checkout">
<h1>Subscribe</h1>
<table aria-label="Order summary">${rows}</table>
${trial}
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ""}
<form method="post" aria-label="Payment">
${email}${promo}${cardChoices(allowNone)}
<button type="submit">Subscribe</button>
</form>
${back}
</main>`,
  );
}

function closed(s: CheckoutSessionRec): string {
  const link =
    s.status === "complete" && s.successUrl ? s.successUrl.replaceAll("{CHECKOUT_SESSION_ID}", s.id) : s.cancelUrl;
  return page(
    "Checkout — Stripe emulator",
    `<main aria-label="Checkout"><h1>This Checkout Session is ${esc(s.status)}</h1>${link ? `<p><a href="${esc(link)}">Continue</a></p>` : ""}</main>`,
  );
}

export async function checkoutPage(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  s: CheckoutSessionRec,
): Promise<void> {
  if (s.status !== "open") return sendHtml(res, 200, closed(s));
  if (req.method !== "POST") return sendHtml(res, 200, render(ctx, s, null));
  const form = parseForm(await readBody(req));
  const card = typeof form.card === "string" ? form.card : "";
  const promotion = typeof form.promotion_code === "string" && form.promotion_code.trim() ? form.promotion_code : null;
  if (!s.customer && typeof form.email === "string" && form.email) s.customerEmail = form.email;
  try {
    const token = card === "none" ? null : (TEST_CARD_NUMBERS[card] ?? null);
    if (card !== "none" && !token) throw new Error("Choose one of the test cards.");
    completeCheckout(ctx, s, { paymentMethod: token, promotionCode: promotion });
  } catch (e) {
    const message = e instanceof StripeApiError || e instanceof Error ? e.message : String(e);
    return sendHtml(res, e instanceof StripeApiError ? e.status : 400, render(ctx, s, message));
  }
  if (s.successUrl) return redirect(res, s.successUrl.replaceAll("{CHECKOUT_SESSION_ID}", s.id));
  sendHtml(res, 200, closed(s));
}
