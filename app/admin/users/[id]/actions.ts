"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { sendUserPasswordReset, suspendUser, unsuspendUser } from "@/lib/admin/users";
import { grantCredit } from "@/lib/billing/credit";
import { refundInvoice } from "@/lib/billing/refund";
import { actorOf } from "../../_components/actor";

const userIdSchema = z.object({ userId: z.uuid("Unknown user.") });

export const suspendUserAction = staffAction(userIdSchema, async ({ userId }, user) => {
  const result = await suspendUser(db, await actorOf(user), userId);
  revalidatePath(`/admin/users/${userId}`);
  return result;
});

export const unsuspendUserAction = staffAction(userIdSchema, async ({ userId }, user) => {
  const result = await unsuspendUser(db, await actorOf(user), userId);
  revalidatePath(`/admin/users/${userId}`);
  return result;
});

export const sendResetAction = staffAction(userIdSchema, async ({ userId }, user) => {
  const result = await sendUserPasswordReset(db, await actorOf(user), userId);
  revalidatePath(`/admin/users/${userId}`);
  return result;
});

// The amount, reason and confirmation are parsed (and the role re-checked) by grantCredit itself.
export const grantCreditAction = staffAction(userIdSchema.loose(), async (input, user) => {
  const result = await grantCredit(db, await actorOf(user), input);
  revalidatePath(`/admin/users/${input.userId}`);
  return result;
});

// The invoice, amount and reason are parsed (and the role re-checked) by refundInvoice itself.
export const refundInvoiceAction = staffAction(userIdSchema.loose(), async (input, user) => {
  const result = await refundInvoice(db, await actorOf(user), input);
  revalidatePath(`/admin/users/${input.userId}`);
  return result;
});
