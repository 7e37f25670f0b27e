import { z } from "zod";
import type { Ctx } from "../core/context";
import { realNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import type { PriceRec, ProductRec } from "../core/records";
import { emit, emitUpdated } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import {
  bool,
  emptyable,
  expand,
  initialMetadata,
  int,
  list,
  listShape,
  mergeMetadata,
  metadata,
  oneOf,
  parseParams,
  str,
} from "../http/params";
import { route, type Route } from "../http/router";
import { renderDeletedProduct, renderPrice, renderProduct } from "../render/catalog";
import { must } from "./common";

// Products: https://docs.stripe.com/api/products   Prices: https://docs.stripe.com/api/prices

const productCreate = z.strictObject({
  id: str().optional(),
  name: str(),
  description: str().optional(),
  active: bool().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

const productUpdate = z.strictObject({
  name: str().optional(),
  description: emptyable(str()).optional(),
  active: bool().optional(),
  default_price: str().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

const recurring = z.strictObject({
  interval: oneOf(["day", "week", "month", "year"] as const),
  interval_count: int(1).optional(),
  trial_period_days: int(0).optional(),
});

const priceCreate = z.strictObject({
  currency: str(),
  unit_amount: int(0),
  product: str().optional(),
  product_data: z.strictObject({ name: str(), metadata: metadata().optional() }).optional(),
  recurring: recurring.optional(),
  lookup_key: str().optional(),
  transfer_lookup_key: bool().optional(),
  nickname: str().optional(),
  active: bool().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

const priceUpdate = z.strictObject({
  active: bool().optional(),
  lookup_key: str().optional(),
  transfer_lookup_key: bool().optional(),
  nickname: emptyable(str()).optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

const priceList = z.strictObject({
  ...listShape,
  active: bool().optional(),
  product: str().optional(),
  type: oneOf(["one_time", "recurring"] as const).optional(),
  currency: str().optional(),
  lookup_keys: list(str()).optional(),
});

function createProduct(ctx: Ctx, p: z.output<typeof productCreate>): ProductRec {
  if (p.id && ctx.state.products.has(p.id)) {
    throw invalidRequest(`Product already exists.`, { code: "resource_already_exists", param: "id" });
  }
  const now = realNow();
  const prod: ProductRec = {
    id: p.id ?? newId("prod", 14),
    created: now,
    updated: now,
    name: p.name,
    description: p.description ?? null,
    active: p.active ?? true,
    metadata: initialMetadata(p.metadata),
    defaultPrice: null,
  };
  ctx.state.products.set(prod.id, prod);
  emit(ctx, "product.created", renderProduct(prod), now);
  return prod;
}

// A lookup key belongs to one price; transfer_lookup_key moves it. https://docs.stripe.com/api/prices/create#create_price-transfer_lookup_key
function claimLookupKey(ctx: Ctx, key: string, transfer: boolean | undefined, self: string | null): void {
  for (const other of ctx.state.prices.values()) {
    if (other.lookupKey !== key || other.id === self) continue;
    if (!transfer)
      throw invalidRequest(`A price (\`${other.id}\`) already uses that lookup key.`, { param: "lookup_key" });
    other.lookupKey = null;
  }
}

function createPrice(ctx: Ctx, p: z.output<typeof priceCreate>): PriceRec {
  let productId = p.product;
  if (productId) must(ctx.state.products, productId, "product", "product");
  else if (p.product_data)
    productId = createProduct(ctx, {
      name: p.product_data.name,
      metadata: p.product_data.metadata,
      expand: undefined,
    }).id;
  else
    throw invalidRequest("You must specify either `product` or `product_data` when creating a price.", {
      code: "parameter_missing",
      param: "product",
    });
  if (p.lookup_key) claimLookupKey(ctx, p.lookup_key, p.transfer_lookup_key, null);
  const now = realNow();
  const price: PriceRec = {
    id: newId("price"),
    created: now,
    product: productId,
    currency: p.currency.toLowerCase(),
    unitAmount: p.unit_amount,
    recurring: p.recurring
      ? {
          interval: p.recurring.interval,
          intervalCount: p.recurring.interval_count ?? 1,
          trialPeriodDays: p.recurring.trial_period_days ?? null,
        }
      : null,
    lookupKey: p.lookup_key ?? null,
    active: p.active ?? true,
    nickname: p.nickname ?? null,
    metadata: initialMetadata(p.metadata),
  };
  ctx.state.prices.set(price.id, price);
  emit(ctx, "price.created", renderPrice(price), now);
  return price;
}

export const catalogRoutes: Route[] = [
  route("POST", "/v1/products", (ctx, r) => renderProduct(createProduct(ctx, parseParams(productCreate, r.raw)))),
  route("GET", "/v1/products", (ctx, r) => {
    const p = parseParams(
      z.strictObject({ ...listShape, active: bool().optional(), ids: list(str()).optional() }),
      r.raw,
    );
    const items = newestFirst(ctx.state.products.values())
      .filter((x) => (p.active === undefined || x.active === p.active) && (!p.ids || p.ids.includes(x.id)))
      .map(renderProduct);
    return paginate(items, p, "/v1/products", "product");
  }),
  route("GET", "/v1/products/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderProduct(must(ctx.state.products, r.params[0]!, "product"));
  }),
  route("POST", "/v1/products/:id", (ctx, r) => {
    const p = parseParams(productUpdate, r.raw);
    const prod = must(ctx.state.products, r.params[0]!, "product");
    const before = renderProduct(prod);
    if (p.name !== undefined) prod.name = p.name;
    if (p.description !== undefined) prod.description = p.description;
    if (p.active !== undefined) prod.active = p.active;
    if (p.default_price !== undefined)
      prod.defaultPrice = must(ctx.state.prices, p.default_price, "price", "default_price").id;
    prod.metadata = mergeMetadata(prod.metadata, p.metadata);
    prod.updated = realNow();
    const after = renderProduct(prod);
    emitUpdated(ctx, "product.updated", before, after, prod.updated);
    return after;
  }),
  route("DELETE", "/v1/products/:id", (ctx, r) => {
    const prod = must(ctx.state.products, r.params[0]!, "product");
    // https://docs.stripe.com/api/products/delete — only products without prices can be deleted.
    if ([...ctx.state.prices.values()].some((x) => x.product === prod.id)) {
      throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.");
    }
    ctx.state.products.delete(prod.id);
    emit(ctx, "product.deleted", renderProduct(prod), realNow());
    return renderDeletedProduct(prod.id);
  }),
  route("POST", "/v1/prices", (ctx, r) => renderPrice(createPrice(ctx, parseParams(priceCreate, r.raw)))),
  route("GET", "/v1/prices", (ctx, r) => {
    const p = parseParams(priceList, r.raw);
    const items = newestFirst(ctx.state.prices.values())
      .filter(
        (x) =>
          (p.active === undefined || x.active === p.active) &&
          (p.product === undefined || x.product === p.product) &&
          (p.currency === undefined || x.currency === p.currency.toLowerCase()) &&
          (p.type === undefined || (p.type === "recurring") === (x.recurring !== null)) &&
          (!p.lookup_keys || (x.lookupKey !== null && p.lookup_keys.includes(x.lookupKey))),
      )
      .map(renderPrice);
    return paginate(items, p, "/v1/prices", "price");
  }),
  route("GET", "/v1/prices/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderPrice(must(ctx.state.prices, r.params[0]!, "price"));
  }),
  route("POST", "/v1/prices/:id", (ctx, r) => {
    const p = parseParams(priceUpdate, r.raw);
    const price = must(ctx.state.prices, r.params[0]!, "price");
    const before = renderPrice(price);
    if (p.lookup_key !== undefined) {
      claimLookupKey(ctx, p.lookup_key, p.transfer_lookup_key, price.id);
      price.lookupKey = p.lookup_key;
    }
    if (p.active !== undefined) price.active = p.active;
    if (p.nickname !== undefined) price.nickname = p.nickname;
    price.metadata = mergeMetadata(price.metadata, p.metadata);
    const after = renderPrice(price);
    emitUpdated(ctx, "price.updated", before, after, realNow());
    return after;
  }),
];
