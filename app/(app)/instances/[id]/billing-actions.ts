"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
import { startCheckout } from "@/lib/billing/checkout";

// Upgrade a trial, or pay for a pending instance: both go to Stripe Checkout for the instance's plan.
export const checkoutAction = userAction(z.object({ instanceId: z.uuid("Instance not found.") }), async (i, user) => {
  const result = await startCheckout(db, user.id, i.instanceId);
  if ("error" in result) return { error: result.error };
  redirect(result.url);
});
