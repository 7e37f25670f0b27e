"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/session";
import type { ActionState } from "@/lib/action";
import { startCheckout } from "@/lib/billing/checkout";
import { createPendingInstance, needsPayment } from "@/lib/billing/paid-instance";
import { createInstanceSchema, createTrialInstance } from "@/lib/instances/create";

// A plan with a trial the account hasn't used yet starts free; otherwise the instance waits for Checkout.
export async function createInstanceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await currentUser();
  if (!user) return { error: "Please sign in again." };
  const parsed = createInstanceSchema.safeParse({
    name: formData.get("name"),
    planId: formData.get("planId"),
    stackId: formData.get("stackId"),
    keyIds: formData.getAll("keyIds"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  if (!(await needsPayment(db, user.id, parsed.data.planId))) {
    const result = await createTrialInstance(db, user.id, parsed.data);
    if ("error" in result) return { error: result.error };
    redirect(`/instances/${result.instanceId}`);
  }
  const created = await createPendingInstance(db, user.id, parsed.data);
  if ("error" in created) return { error: created.error };
  const checkout = await startCheckout(db, user.id, created.instanceId);
  if ("error" in checkout) return { error: checkout.error };
  redirect(checkout.url);
}
