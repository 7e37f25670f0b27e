import "./lib/load-env";
import { env } from "../lib/env";
import { syncLocalCatalog } from "./lib/local-stripe";

// npm run stripe:sync: create or update a Stripe product and monthly price per plan (by lookup key); safe to rerun.
try {
  const results = await syncLocalCatalog(env.DATABASE_URL, {
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
    STRIPE_API_HOST: env.STRIPE_API_HOST,
    STRIPE_API_PORT: env.STRIPE_API_PORT?.toString(),
    STRIPE_API_PROTOCOL: env.STRIPE_API_PROTOCOL,
  });
  for (const r of results)
    console.log(`${r.plan.padEnd(12)} product ${r.product.padEnd(9)} price ${r.price.padEnd(9)} ${r.priceId}`);
  console.log(`Synced ${results.length} plan(s) with Stripe.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
