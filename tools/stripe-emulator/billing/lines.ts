import type { Ctx } from "../core/context";
import { newId } from "../core/ids";
import type { InvoiceLineRec, PriceRec, SubscriptionRec } from "../core/records";

function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

export function productName(ctx: Ctx, price: PriceRec): string {
  return ctx.state.products.get(price.product)?.name ?? price.product;
}

export function requirePrice(ctx: Ctx, id: string): PriceRec {
  const p = ctx.state.prices.get(id);
  if (!p) throw new Error(`emulator invariant: price ${id} missing`);
  return p;
}

/** The recurring lines of a subscription invoice. During a trial they are free ("Trial period for …").
 *  https://docs.stripe.com/billing/subscriptions/trials */
export function subscriptionLines(
  ctx: Ctx,
  sub: SubscriptionRec,
  start: number,
  end: number,
  trial: boolean,
): InvoiceLineRec[] {
  return sub.items.map((item) => {
    const price = requirePrice(ctx, item.price);
    const interval = price.recurring
      ? `${price.recurring.intervalCount > 1 ? `${price.recurring.intervalCount} ` : ""}${price.recurring.interval}`
      : "";
    return {
      id: newId("il"),
      amount: trial ? 0 : price.unitAmount * item.quantity,
      description: trial
        ? `Trial period for ${productName(ctx, price)}`
        : `${item.quantity} × ${productName(ctx, price)} (at ${money(price.unitAmount, price.currency)} / ${interval})`,
      price: price.id,
      quantity: item.quantity,
      periodStart: start,
      periodEnd: end,
      proration: false,
      subscriptionItem: item.id,
      invoiceItem: null,
    };
  });
}
