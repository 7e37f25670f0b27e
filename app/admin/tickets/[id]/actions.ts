"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";
import { assignSchema, noteSchema, staffReplySchema, statusSchema } from "@/lib/support/schemas";
import { assignTicket, replyAsStaff, setTicketStatus } from "@/lib/support/staff";
import { addTicketNote } from "@/lib/support/staff-notes";

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

// Staff pages only: the customer's ticket page is not refreshed, as it never shows a note.
export const addNoteAction = staffAction(noteSchema, async (input, user) => {
  const result = await addTicketNote(db, await actor(user.id), input);
  revalidatePath(`/admin/tickets/${input.ticketId}`);
  return result;
});
