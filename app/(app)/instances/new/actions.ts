"use server";

import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/session";
import type { ActionState } from "@/lib/action";
import { startCheckout } from "@/lib/billing/checkout";
import { createPendingInstance, needsPayment } from "@/lib/billing/paid-instance";
import { createInstanceSchema, createTrialInstance } from "@/lib/instances/create";

type Submitted = { name: string; stackId: string; planId: string; keyIds: string[] };
// What was submitted comes back with an error, so the form shows it again: React resets a form after its action.
export type CreateInstanceState = ActionState & { values?: Submitted };

// A plan with a trial the account hasn't used yet starts free; otherwise the instance waits for Checkout.
export async function createInstanceAction(
  _prev: CreateInstanceState,
  formData: FormData,
): Promise<CreateInstanceState> {
  const text = (key: string) => String(formData.get(key) ?? "").slice(0, 100);
  const values = {
    name: text("name"),
    stackId: text("stackId"),
    planId: text("planId"),
    keyIds: formData.getAll("keyIds").map(String).slice(0, 20),
  };
  const failed = (error: string) => ({ error, values });
  const user = await currentUser();
  if (!user) return failed("Please sign in again.");
  const parsed = createInstanceSchema.safeParse(values);
  if (!parsed.success) return failed(parsed.error.issues[0]?.message ?? "Please check the form.");
  if (!(await needsPayment(db, user.id, parsed.data.planId))) {
    const result = await createTrialInstance(db, user.id, parsed.data);
    if ("error" in result) return failed(result.error);
    redirect(`/instances/${result.instanceId}`);
  }
  const created = await createPendingInstance(db, user.id, parsed.data);
  if ("error" in created) return failed(created.error);
  const checkout = await startCheckout(db, user.id, created.instanceId);
  if ("error" in checkout) return failed(checkout.error);
  redirect(checkout.url);
}
