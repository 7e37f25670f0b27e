import Stripe from "stripe";
import { env } from "./env";

let client: Stripe | undefined;

// The real SDK; STRIPE_API_HOST/PORT/PROTOCOL point it at the local emulator in development and tests.
export function stripe(): Stripe {
  if (client) return client;
  if (!env.STRIPE_SECRET_KEY)
    throw new Error("STRIPE_SECRET_KEY is not set: billing is unavailable (npm run dev starts the Stripe emulator).");
  client = new Stripe(env.STRIPE_SECRET_KEY, {
    ...(env.STRIPE_API_HOST
      ? { host: env.STRIPE_API_HOST, port: env.STRIPE_API_PORT, protocol: env.STRIPE_API_PROTOCOL ?? "http" }
      : {}),
    maxNetworkRetries: 2,
    appInfo: { name: "Berth" },
  });
  return client;
}

export function webhookSecret(): string {
  if (!env.STRIPE_WEBHOOK_SECRET) throw new Error("STRIPE_WEBHOOK_SECRET is not set.");
  return env.STRIPE_WEBHOOK_SECRET;
}

export const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));
