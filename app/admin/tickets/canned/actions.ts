"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";
import { cannedReplyRefSchema, cannedReplySchema } from "@/lib/support/schemas";
import { createCannedReply, deleteCannedReply } from "@/lib/support/staff-notes";

// Staff only (staffAction); each change is audited by lib/support/staff-notes.ts with the caller's address.
const actor = async (id: string) => ({ id, ip: clientIp(await headers()) });

export const createCannedReplyAction = staffAction(cannedReplySchema, async (input, user) => {
  const result = await createCannedReply(db, await actor(user.id), input);
  revalidatePath("/admin/tickets/canned");
  return result;
});

export const deleteCannedReplyAction = staffAction(cannedReplyRefSchema, async (input, user) => {
  const result = await deleteCannedReply(db, await actor(user.id), input);
  revalidatePath("/admin/tickets/canned");
  return result;
});
