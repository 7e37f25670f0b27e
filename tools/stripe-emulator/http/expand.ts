import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { renderPrice, renderProduct } from "../render/catalog";
import { renderCheckoutLineItems, renderCheckoutSession } from "../render/checkout";
import { renderCustomer, renderPaymentMethod } from "../render/customer";
import { renderInvoice } from "../render/invoice";
import { renderTestClock } from "../render/misc";
import { renderCoupon, renderDiscount, renderPromotionCode } from "../render/promotions";
import { renderSubscription } from "../render/subscription";

// Expanding responses: https://docs.stripe.com/api/expanding_objects — `expand[]=customer`,
// nested `latest_invoice.customer`, and on lists `data.customer`. Up to four levels deep.

function lookup(ctx: Ctx, id: string): object | undefined {
  const s = ctx.state;
  const c = s.customers.get(id);
  if (c) return renderCustomer(c);
  const sub = s.subscriptions.get(id);
  if (sub) return renderSubscription(ctx, sub);
  const inv = s.invoices.get(id);
  if (inv) return renderInvoice(ctx, inv);
  const price = s.prices.get(id);
  if (price) return renderPrice(price);
  const product = s.products.get(id);
  if (product) return renderProduct(product);
  const pm = s.paymentMethods.get(id);
  if (pm) return renderPaymentMethod(pm);
  const cs = s.checkoutSessions.get(id);
  if (cs) return renderCheckoutSession(ctx, cs);
  const promo = s.promotionCodes.get(id);
  if (promo) return renderPromotionCode(promo);
  const coupon = s.coupons.get(id);
  if (coupon) return renderCoupon(coupon, clockNow(ctx, null));
  const clock = s.testClocks.get(id);
  if (clock) return renderTestClock(clock);
  const discount = s.discounts.get(id);
  if (discount) return renderDiscount(discount);
  return undefined;
}

/** Fields that are only included when expanded ("includable" properties). */
function includable(ctx: Ctx, obj: Record<string, unknown>, field: string): object | undefined {
  if (obj.object === "checkout.session" && field === "line_items") {
    const rec = ctx.state.checkoutSessions.get(String(obj.id));
    if (!rec) return undefined;
    const data = renderCheckoutLineItems(ctx, rec);
    return { object: "list", data, has_more: false, url: `/v1/checkout/sessions/${rec.id}/line_items` };
  }
  return undefined;
}

function expandAt(ctx: Ctx, target: unknown, segments: string[], full: string): void {
  if (Array.isArray(target)) {
    for (const el of target) expandAt(ctx, el, segments, full);
    return;
  }
  if (target === null || typeof target !== "object") return;
  const obj = target as Record<string, unknown>;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  let value = obj[head];
  if (value === undefined) {
    const extra = includable(ctx, obj, head);
    if (!extra) throw invalidRequest(`This property cannot be expanded (${head}).`, { param: "expand" });
    value = extra;
    obj[head] = value;
  }
  if (typeof value === "string") {
    const resolved = lookup(ctx, value);
    if (!resolved) throw invalidRequest(`This property cannot be expanded (${head}).`, { param: "expand" });
    obj[head] = resolved;
    value = resolved;
  } else if (Array.isArray(value) && rest.length === 0) {
    obj[head] = value.map((v) => (typeof v === "string" ? (lookup(ctx, v) ?? v) : v));
  }
  if (rest.length) expandAt(ctx, value, rest, full);
}

export function applyExpand(ctx: Ctx, body: object, paths: string[]): object {
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4)
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, {
        param: "expand",
      });
    expandAt(ctx, body, segments, path);
  }
  return body;
}

/** The `expand` values of a raw form object (`expand[0]=…` or `expand[]=…`). */
export function expandParam(raw: Record<string, unknown>): string[] {
  const e = raw.expand;
  if (e === undefined) return [];
  if (typeof e === "string") return [e];
  if (Array.isArray(e)) return e.filter((x): x is string => typeof x === "string");
  if (typeof e === "object" && e) return Object.values(e).filter((x): x is string => typeof x === "string");
  return [];
}
