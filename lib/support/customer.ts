import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { findOwnedLiveInstance } from "@/lib/support/queries";
import { ticketMessages, tickets } from "@/db/schema";
import { recordWebhookEvent } from "@/lib/webhooks/record";
import { queueTicketEmails as notify } from "./notify";
import { customerReplySchema, openTicketSchema, TICKET_NOT_FOUND, ticketRefSchema } from "./schemas";

// What a customer can do with their own tickets; every write is scoped by customer_id, so anyone else's ticket is "not found".
export async function openTicket(
  db: Db,
  customerId: string,
  input: z.input<typeof openTicketSchema>,
): Promise<ActionResult & { ticketId?: string }> {
  const parsed = openTicketSchema.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const { subject, category, body, instanceId } = parsed.data;
  if (instanceId && !(await findOwnedLiveInstance(db, customerId, instanceId)))
    return { error: "That instance was not found." };
  const now = new Date();
  const ticket = await db.transaction(async (tx) => {
    const [ticket] = await tx
      .insert(tickets)
      .values({ customerId, subject, category, instanceId: instanceId ?? null, lastMessageAt: now, createdAt: now })
      .returning();
    const [message] = await tx
      .insert(ticketMessages)
      .values({ ticketId: ticket!.id, authorId: customerId, fromStaff: false, body, createdAt: now })
      .returning();
    await recordWebhookEvent(tx, "ticket.opened", {
      ticket: { id: ticket!.id, number: ticket!.number, subject, category, customerId, instanceId: instanceId ?? null },
    });
    await notify(tx, message!.id, "opened");
    return ticket!;
  });
  return { success: `Ticket #${ticket.number} opened. We reply by email.`, ticketId: ticket.id };
}

export async function replyAsCustomer(
  db: Db,
  customerId: string,
  input: z.input<typeof customerReplySchema>,
): Promise<ActionResult> {
  const parsed = customerReplySchema.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const { ticketId, body } = parsed.data;
  const now = new Date();
  const done = await db.transaction(async (tx) => {
    const [ticket] = await tx
      .update(tickets)
      .set({ status: "open", closedAt: null, lastMessageAt: now })
      .where(and(eq(tickets.id, ticketId), eq(tickets.customerId, customerId)))
      .returning();
    if (!ticket) return null;
    const [message] = await tx
      .insert(ticketMessages)
      .values({ ticketId, authorId: customerId, fromStaff: false, body, createdAt: now })
      .returning();
    await notify(tx, message!.id, "replied");
    return { ticket, message: message! };
  });
  if (!done) return TICKET_NOT_FOUND;
  return { success: "Reply sent." };
}

export async function setClosedByCustomer(
  db: Db,
  customerId: string,
  input: z.input<typeof ticketRefSchema>,
  close: boolean,
): Promise<ActionResult> {
  const parsed = ticketRefSchema.safeParse(input);
  if (!parsed.success) return TICKET_NOT_FOUND;
  const [ticket] = await db
    .update(tickets)
    .set(
      close
        ? { status: "closed", closedAt: sql`coalesce(${tickets.closedAt}, now())` }
        : { status: "open", closedAt: null },
    )
    .where(and(eq(tickets.id, parsed.data.ticketId), eq(tickets.customerId, customerId)))
    .returning({ id: tickets.id });
  if (!ticket) return TICKET_NOT_FOUND;
  return { success: close ? "Ticket closed." : "Ticket reopened." };
}
