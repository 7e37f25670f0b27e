import { z } from "zod";
import { db } from "@/lib/db";
import { syncStripeCustomer as sync } from "@/lib/billing/sync";
import { defineJob } from "./engine/define";

// Mirrors one Stripe customer's subscriptions and invoices and derives its instances' state from them.
export const syncStripeCustomer = defineJob({
  id: "sync-stripe-customer",
  schema: z.object({ customerId: z.string().regex(/^cus_\w+$/, "a Stripe customer id") }),
  retry: { maxAttempts: 10 },
  // Two syncs of one customer at once could let the older one write a stale status last.
  serialPerKey: true,
  async run({ customerId }, ctx) {
    return sync(db, customerId, ctx.enqueue);
  },
});
