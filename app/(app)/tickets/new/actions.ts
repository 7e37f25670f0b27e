"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
import { openTicket } from "@/lib/support/customer";
import { openTicketSchema } from "@/lib/support/schemas";

export const openTicketAction = userAction(openTicketSchema, async (input, user) => {
  const result = await openTicket(db, user.id, input);
  if ("error" in result) return result;
  revalidatePath("/tickets");
  redirect(`/tickets/${result.ticketId}`);
});
