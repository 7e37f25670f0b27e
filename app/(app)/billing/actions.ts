"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
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
