import { db } from "@/lib/db";
import { syncStripeCustomer as sync } from "@/lib/billing/sync";
import { syncStripeCustomer as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Mirrors one Stripe customer's subscriptions and invoices and derives its instances' state from them.
export const syncStripeCustomer = defineJob(contract, {
  async run({ customerId }) {
    return sync(db, customerId);
  },
});
