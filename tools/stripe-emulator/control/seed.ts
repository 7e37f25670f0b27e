import { z } from "zod";
import type { Ctx } from "../core/context";
import { Router } from "../http/router";
import type { FormObject, FormValue } from "../http/form";
import { catalogRoutes } from "../resources/catalog";
import { promotionRoutes } from "../resources/promotions";
import { customerRoutes } from "../resources/customers";

// POST /_emulator/seed: creates objects through the same handlers (and validation) as the API.
// Body: { products: [{ id?, name, prices: [{ unit_amount, currency, recurring: { interval }, lookup_key? }] }],
//         coupons: [{ id?, percent_off | amount_off, duration, … }], promotion_codes: [{ coupon, code }],
//         customers: [{ email, name, … }] }

const obj = z.record(z.string(), z.unknown());

export const seedSchema = z.strictObject({
  products: z.array(obj.and(z.object({ prices: z.array(obj).optional() }))).optional(),
  coupons: z.array(obj).optional(),
  promotion_codes: z.array(z.object({ coupon: z.string(), code: z.string().optional() }).passthrough()).optional(),
  customers: z.array(obj).optional(),
});

const router = new Router([...catalogRoutes, ...promotionRoutes, ...customerRoutes]);

/** JSON values → the strings a form body would carry. */
function toForm(value: unknown): FormValue {
  if (Array.isArray(value)) return value.map(toForm);
  if (value && typeof value === "object") {
    const out: FormObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = toForm(v);
    return out;
  }
  return String(value);
}

function call(ctx: Ctx, path: string, body: Record<string, unknown>): { id: string } {
  const m = router.match("POST", path);
  if (!m) throw new Error(`seed: no route ${path}`);
  return m.handler(ctx, { params: m.params, raw: toForm(body) as FormObject }) as { id: string };
}

export function runSeed(ctx: Ctx, seed: z.output<typeof seedSchema>) {
  const out = {
    products: [] as string[],
    prices: [] as string[],
    coupons: [] as string[],
    promotion_codes: [] as string[],
    customers: [] as string[],
  };
  for (const p of seed.products ?? []) {
    const { prices, ...product } = p;
    const created = call(ctx, "/v1/products", product);
    out.products.push(created.id);
    for (const price of prices ?? []) out.prices.push(call(ctx, "/v1/prices", { ...price, product: created.id }).id);
  }
  for (const c of seed.coupons ?? []) out.coupons.push(call(ctx, "/v1/coupons", c).id);
  for (const pc of seed.promotion_codes ?? []) {
    const { coupon, ...rest } = pc;
    out.promotion_codes.push(call(ctx, "/v1/promotion_codes", { ...rest, promotion: { type: "coupon", coupon } }).id);
  }
  for (const c of seed.customers ?? []) out.customers.push(call(ctx, "/v1/customers", c).id);
  return out;
}
