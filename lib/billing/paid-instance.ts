import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { plans } from "@/db/schema";
import { checkNewInstance, insertInstance, type CreateInstanceInput, type CreateResult } from "@/lib/instances/create";
import { trialUsedBy } from "@/lib/instances/trial-used";

// A paid instance starts as `pending_payment` with nothing provisioned; the subscription sync moves it on
// once Stripe confirms payment, and the sweep removes it an hour after, once its Checkout page has expired.
export async function createPendingInstance(
  db: Db,
  userId: string,
  input: CreateInstanceInput,
  copy?: { restoreFromBackupId: string; message: string },
): Promise<CreateResult> {
  const checked = await checkNewInstance(db, userId, input);
  if ("error" in checked) return checked;
  return insertInstance(db, {
    ...checked,
    userId,
    name: input.name,
    status: "pending_payment",
    isTrial: false,
    message: `Created on the ${checked.plan.name} plan with the ${checked.stack.name} stack; waiting for payment.${copy ? ` ${copy.message}` : ""}`,
    restoreFromBackupId: copy?.restoreFromBackupId,
  });
}

// Whether this account would get a free trial on this plan, or must pay first.
export async function needsPayment(db: Db, userId: string, planId: string) {
  const [plan] = await db.select({ trialDays: plans.trialDays }).from(plans).where(eq(plans.id, planId));
  return !plan || plan.trialDays <= 0 || (await trialUsedBy(db, userId));
}
