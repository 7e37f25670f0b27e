"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
import { replyAsCustomer, setClosedByCustomer } from "@/lib/support/customer";
import { customerReplySchema, ticketRefSchema } from "@/lib/support/schemas";

const refreshed = <T>(ticketId: string, result: T) => {
  revalidatePath(`/tickets/${ticketId}`);
  revalidatePath("/tickets");
  return result;
};

export const replyToTicketAction = userAction(customerReplySchema, async (input, user) =>
  refreshed(input.ticketId, await replyAsCustomer(db, user.id, input)),
);

export const closeTicketAction = userAction(ticketRefSchema, async (input, user) =>
  refreshed(input.ticketId, await setClosedByCustomer(db, user.id, input, true)),
);

export const reopenTicketAction = userAction(ticketRefSchema, async (input, user) =>
  refreshed(input.ticketId, await setClosedByCustomer(db, user.id, input, false)),
);
