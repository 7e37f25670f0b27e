import type Stripe from "stripe";
import type { Db } from "@/db";
import { plans, type Plan } from "@/db/schema";

export type CatalogSyncResult = {
  plan: string;
  product: "created" | "updated" | "unchanged";
  price: "created" | "replaced" | "unchanged";
  priceId: string;
};

// Our own product ids make the sync findable without a search API and safe to rerun.
export const productIdFor = (plan: Pick<Plan, "slug">) => `berth_plan_${plan.slug.replace(/[^a-zA-Z0-9_]/g, "_")}`;

const isMissing = (e: unknown) => (e as { code?: string }).code === "resource_missing";

async function ensureProduct(stripe: Stripe, plan: Plan): Promise<CatalogSyncResult["product"]> {
  const id = productIdFor(plan);
  const wanted = {
    name: `Berth ${plan.name}`,
    description: plan.description || undefined,
    active: plan.active,
    metadata: { planId: plan.id, slug: plan.slug },
  };
  const existing = await stripe.products.retrieve(id).catch((e: unknown) => (isMissing(e) ? null : Promise.reject(e)));
  if (!existing) {
    await stripe.products.create({ id, ...wanted }, { idempotencyKey: `berth-product-create:${id}` });
    return "created";
  }
  const same =
    existing.name === wanted.name &&
    (existing.description ?? undefined) === wanted.description &&
    existing.active === wanted.active &&
    existing.metadata.planId === plan.id;
  if (same) return "unchanged";
  await stripe.products.update(id, {
    name: wanted.name,
    description: wanted.description ?? "",
    active: wanted.active,
    metadata: wanted.metadata,
  });
  return "updated";
}

// A price's amount can't change in Stripe: a new price takes over the lookup key and the old one is archived.
async function ensurePrice(stripe: Stripe, plan: Plan) {
  const product = productIdFor(plan);
  const { data } = await stripe.prices.list({ lookup_keys: [plan.stripeLookupKey], limit: 1 });
  const current = data[0];
  const matches =
    current &&
    current.unit_amount === plan.priceCents &&
    current.currency === plan.currency.toLowerCase() &&
    current.recurring?.interval === "month" &&
    (typeof current.product === "string" ? current.product : current.product.id) === product;
  if (current && matches) {
    if (current.active !== plan.active) await stripe.prices.update(current.id, { active: plan.active });
    return { priceId: current.id, price: "unchanged" as const };
  }
  const created = await stripe.prices.create(
    {
      product,
      currency: plan.currency.toLowerCase(),
      unit_amount: plan.priceCents,
      recurring: { interval: "month" },
      lookup_key: plan.stripeLookupKey,
      transfer_lookup_key: true,
      active: plan.active,
      nickname: plan.name,
      metadata: { planId: plan.id },
    },
    {
      idempotencyKey: `berth-price:${plan.stripeLookupKey}:${plan.priceCents}:${plan.currency}:${current?.id ?? "none"}`,
    },
  );
  if (current) await stripe.prices.update(current.id, { active: false });
  await stripe.products.update(product, { default_price: created.id });
  return { priceId: created.id, price: current ? ("replaced" as const) : ("created" as const) };
}

// Every plan becomes a Stripe product with one monthly price found by the plan's lookup key.
export async function syncCatalog(db: Db, stripe: Stripe): Promise<CatalogSyncResult[]> {
  const rows = await db.select().from(plans).orderBy(plans.sortOrder);
  const results: CatalogSyncResult[] = [];
  for (const plan of rows) {
    const product = await ensureProduct(stripe, plan);
    const { priceId, price } = await ensurePrice(stripe, plan);
    results.push({ plan: plan.slug, product, price, priceId });
  }
  return results;
}

// The price Checkout should charge for a plan, resolved through its lookup key (the catalog sync keeps it current).
export async function priceForPlan(stripe: Stripe, plan: Pick<Plan, "stripeLookupKey" | "name">) {
  const { data } = await stripe.prices.list({ lookup_keys: [plan.stripeLookupKey], active: true, limit: 1 });
  if (!data[0]) throw new Error(`The ${plan.name} plan has no Stripe price yet: run npm run stripe:sync.`);
  return data[0];
}
