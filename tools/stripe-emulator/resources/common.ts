import type { Ctx } from "../core/context";
import { resourceMissing } from "../core/errors";

/** Fetches a record or answers Stripe's 404 resource_missing ("No such customer: 'cus_…'"). */
export function must<T>(map: Map<string, T>, id: string, kind: string, param = "id"): T {
  const rec = map.get(id);
  if (!rec) throw resourceMissing(kind, id, param);
  return rec;
}

export function requireCustomer(ctx: Ctx, id: string, param = "customer") {
  return must(ctx.state.customers, id, "customer", param);
}

export function requirePriceParam(ctx: Ctx, id: string, param = "price") {
  return must(ctx.state.prices, id, "price", param);
}
