"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";
import { assignSchema, staffReplySchema, statusSchema } from "@/lib/support/schemas";
import { assignTicket, replyAsStaff, setTicketStatus } from "@/lib/support/staff";

// Staff only (staffAction); each change is written to audit_log by lib/support/staff.ts with the caller's address.
async function actor(id: string) {
  return { id, ip: clientIp(await headers()) };
}

const refreshed = <T>(ticketId: string, result: T) => {
  revalidatePath(`/admin/tickets/${ticketId}`);
  revalidatePath("/admin/tickets");
  revalidatePath(`/tickets/${ticketId}`);
  return result;
};

export const staffReplyAction = staffAction(staffReplySchema, async (input, user) =>
  refreshed(input.ticketId, await replyAsStaff(db, await actor(user.id), input)),
);

export const assignTicketAction = staffAction(assignSchema, async (input, user) =>
  refreshed(input.ticketId, await assignTicket(db, await actor(user.id), input)),
);

export const ticketStatusAction = staffAction(statusSchema, async (input, user) =>
  refreshed(input.ticketId, await setTicketStatus(db, await actor(user.id), input)),
);
