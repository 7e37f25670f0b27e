import { db } from "@/lib/db";
import { pushCustomerDetails } from "@/lib/billing/customer-details";
import { updateStripeCustomer as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Pushes an account's email and name to its Stripe customer after they change.
export const updateStripeCustomer = defineJob(contract, {
  async run({ userId }) {
    return pushCustomerDetails(db, userId);
  },
});
