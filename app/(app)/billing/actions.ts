"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction, type ActionState } from "@/lib/action";
import { billingDetailsSchema, saveBillingDetails } from "@/lib/billing/billing-details";
import { portalUrl, retryOpenInvoices, setCancelAtPeriodEnd } from "@/lib/billing/manage";

export const portalAction = userAction(z.object({}), async (_i, user) => {
  const result = await portalUrl(db, user.id);
  if ("error" in result) return { error: result.error };
  redirect(result.url);
});

export const cancelAction = userAction(
  z.object({ subscriptionId: z.uuid("Subscription not found."), cancel: z.enum(["true", "false"]) }),
  async (i, user) => {
    const result = await setCancelAtPeriodEnd(db, user.id, i.subscriptionId, i.cancel === "true");
    revalidatePath("/billing");
    return result;
  },
);

export const retryPaymentAction = userAction(z.object({}), async (_i, user) => {
  const result = await retryOpenInvoices(db, user.id);
  revalidatePath("/billing");
  if ("error" in result) return result;
  redirect("/billing?paid=1"); // the banner holding this form is gone now: the page itself says it worked
});

const saveBillingDetailsAction = userAction(billingDetailsSchema, async (input, user) => {
  const result = await saveBillingDetails(db, user.id, input);
  revalidatePath("/billing");
  return result;
});

// What was submitted comes back with an error, so the form shows it again: React resets a form after its action.
export type BillingDetailsState = ActionState & { values?: Record<string, string> };

export async function billingDetailsAction(
  prev: BillingDetailsState,
  formData: FormData,
): Promise<BillingDetailsState> {
  const result = await saveBillingDetailsAction(prev, formData);
  if (!result.error) return result;
  const values = Object.fromEntries([...formData].map(([k, v]) => [k, String(v).slice(0, 200)]));
  return { ...result, values };
}
