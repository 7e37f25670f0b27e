import type { Ctx } from "../core/context";
import { invalidRequest, resourceMissing } from "../core/errors";
import { newId } from "../core/ids";
import type { InvoiceLineRec, Metadata, SubscriptionItemRec, SubscriptionRec } from "../core/records";
import { productName, requirePrice } from "./lines";

// Prorations when a subscription's price or quantity changes mid-period: a credit for the unused time on
// the old price and a charge for the remaining time on the new one, each prorated to the second.
// https://docs.stripe.com/billing/subscriptions/prorations
// Changing the billing interval (e.g. month → year) resets the billing cycle and bills immediately.
// https://docs.stripe.com/billing/subscriptions/billing-cycle#changing

export type ProrationBehavior = "create_prorations" | "always_invoice" | "none";

export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Metadata;
}

export interface PlannedUpdate {
  items: SubscriptionItemRec[];
  lines: InvoiceLineRec[];
  resetCycle: boolean;
  changed: boolean;
}

interface Swap {
  old: { price: string; quantity: number; item: string } | null;
  next: { price: string; quantity: number; item: string } | null;
}

function fmtDate(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 10);
}

function prorationLine(
  ctx: Ctx,
  sub: SubscriptionRec,
  side: { price: string; quantity: number; item: string },
  credit: boolean,
  at: number,
): InvoiceLineRec {
  const price = requirePrice(ctx, side.price);
  const span = sub.currentPeriodEnd - sub.currentPeriodStart;
  const fraction = span > 0 ? Math.min(1, Math.max(0, (sub.currentPeriodEnd - at) / span)) : 0;
  const amount = Math.round(price.unitAmount * side.quantity * fraction);
  return {
    id: newId("il"),
    amount: credit ? -amount : amount,
    description: `${credit ? "Unused" : "Remaining"} time on ${side.quantity} × ${productName(ctx, price)} after ${fmtDate(at)}`,
    price: price.id,
    quantity: side.quantity,
    periodStart: at,
    periodEnd: sub.currentPeriodEnd,
    proration: true,
    subscriptionItem: side.item,
    invoiceItem: newId("ii"),
  };
}

export function planItemChanges(
  ctx: Ctx,
  sub: SubscriptionRec,
  changes: ItemChange[],
  at: number,
  behavior: ProrationBehavior,
): PlannedUpdate {
  const items = sub.items.map((i) => ({ ...i, metadata: { ...i.metadata } }));
  const swaps: Swap[] = [];
  changes.forEach((c, idx) => {
    if (c.id !== undefined) {
      const item = items.find((i) => i.id === c.id);
      if (!item) throw resourceMissing("subscription item", c.id, `items[${idx}][id]`);
      const old = { price: item.price, quantity: item.quantity, item: item.id };
      if (c.deleted) {
        items.splice(items.indexOf(item), 1);
        swaps.push({ old, next: null });
        return;
      }
      if (c.price !== undefined) item.price = requirePriceFor(ctx, c.price, idx).id;
      if (c.quantity !== undefined) item.quantity = c.quantity;
      if (c.metadata) item.metadata = { ...item.metadata, ...c.metadata };
      if (item.price !== old.price || item.quantity !== old.quantity)
        swaps.push({ old, next: { price: item.price, quantity: item.quantity, item: item.id } });
      return;
    }
    if (c.price === undefined)
      throw invalidRequest(`Missing required param: items[${idx}][price].`, {
        code: "parameter_missing",
        param: `items[${idx}][price]`,
      });
    const item: SubscriptionItemRec = {
      id: newId("si"),
      created: at,
      price: requirePriceFor(ctx, c.price, idx).id,
      quantity: c.quantity ?? 1,
      metadata: c.metadata ?? {},
    };
    items.push(item);
    swaps.push({ old: null, next: { price: item.price, quantity: item.quantity, item: item.id } });
  });
  if (items.length === 0)
    throw invalidRequest("A subscription must have at least one active item.", { param: "items" });
  const intervalOf = (priceId: string) => {
    const r = requirePrice(ctx, priceId).recurring;
    return r ? `${r.intervalCount}/${r.interval}` : "none";
  };
  const intervals = new Set(items.map((i) => intervalOf(i.price)));
  if (intervals.size > 1)
    throw invalidRequest(
      "All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.",
      { param: "items" },
    );
  const resetCycle = intervalOf(items[0]!.price) !== intervalOf(sub.items[0]!.price);
  const prorate = behavior !== "none" && (sub.status === "active" || sub.status === "past_due");
  const lines: InvoiceLineRec[] = [];
  if (prorate) {
    for (const s of swaps) {
      if (s.old) lines.push(prorationLine(ctx, sub, s.old, true, at));
      if (s.next && !resetCycle) lines.push(prorationLine(ctx, sub, s.next, false, at));
    }
  }
  return { items, lines: lines.filter((l) => l.amount !== 0), resetCycle, changed: swaps.length > 0 };
}

function requirePriceFor(ctx: Ctx, id: string, idx: number) {
  const p = ctx.state.prices.get(id);
  if (!p) throw resourceMissing("price", id, `items[${idx}][price]`);
  if (!p.recurring)
    throw invalidRequest(`The price specified is not recurring: ${id}`, { param: `items[${idx}][price]` });
  return p;
}
