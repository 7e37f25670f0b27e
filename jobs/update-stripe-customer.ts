import { z } from "zod";
import { db } from "@/lib/db";
import { pushCustomerDetails } from "@/lib/billing/customer-details";
import { defineJob } from "./engine/define";

// Pushes an account's email and name to its Stripe customer after they change.
export const updateStripeCustomer = defineJob({
  id: "update-stripe-customer",
  schema: z.object({ userId: z.uuid() }),
  retry: { maxAttempts: 10 },
  async run({ userId }) {
    return pushCustomerDetails(db, userId);
  },
});
