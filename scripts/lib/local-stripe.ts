import { readDevEnv } from "../../lib/env";
import Stripe from "stripe";
import { createDb } from "../../db";
import { seedCatalog } from "../../db/seed";
import { syncCatalog } from "../../lib/billing/catalog-sync";
import { startStripeEmulator, type StripeEmulator } from "@berth/stripe-emulator";

export type LocalStripe = {
  env: Record<string, string>;
  emulator: StripeEmulator | null;
  note: string;
  stop: () => Promise<void>;
};

// With real keys in the environment nothing is started; without them, the local Stripe emulator stands in
// (sk_test_ key, webhooks to the app's route, one shared whsec secret) and the app's env points the SDK at it.
export async function startLocalStripe(opts: {
  source: Record<string, string | undefined>;
  port: number;
  webhookUrl?: string;
  webhookSecret?: string;
}): Promise<LocalStripe> {
  if (opts.source.STRIPE_SECRET_KEY) {
    return {
      env: {},
      emulator: null,
      note: "Stripe: the configured account (STRIPE_SECRET_KEY)",
      stop: async () => {},
    };
  }
  // Its control API can mark any invoice paid: a development part, on loopback, never started in production.
  if (readDevEnv().NODE_ENV === "production")
    throw new Error(
      "The Stripe emulator is not started in production: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
    );
  const emulator = await startStripeEmulator({
    port: opts.port,
    host: "127.0.0.1",
    webhookUrl: opts.webhookUrl,
    webhookSecret: opts.webhookSecret,
  });
  return {
    emulator,
    env: {
      STRIPE_SECRET_KEY: "sk_test_berth_local_emulator",
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: String(emulator.port),
      STRIPE_API_PROTOCOL: "http",
    },
    note: `Stripe: the local emulator at ${emulator.url} (no money moves; test card 4242 4242 4242 4242)`,
    stop: () => emulator.stop(),
  };
}

export function stripeFromEnv(e: Record<string, string | undefined>) {
  if (!e.STRIPE_SECRET_KEY) throw new Error("STRIPE_SECRET_KEY is not set.");
  const local = e.STRIPE_API_HOST
    ? {
        host: e.STRIPE_API_HOST,
        port: Number(e.STRIPE_API_PORT),
        protocol: (e.STRIPE_API_PROTOCOL ?? "http") as "http" | "https",
      }
    : {};
  return new Stripe(e.STRIPE_SECRET_KEY, { ...local, maxNetworkRetries: 2 });
}

// Products and prices from the plans table, as `npm run stripe:sync` does.
export async function syncLocalCatalog(
  databaseUrl: string,
  e: Record<string, string | undefined>,
  opts: { seed?: boolean } = {},
) {
  const { db, client } = createDb(databaseUrl, 1);
  try {
    if (opts.seed) await seedCatalog(db);
    return await syncCatalog(db, stripeFromEnv(e));
  } finally {
    await client.end();
  }
}
