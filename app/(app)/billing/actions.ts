"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db";
import { userAction } from "@/lib/action";
import { portalUrl, setCancelAtPeriodEnd } from "@/lib/billing/manage";

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
