import { and, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { recordAudit } from "@/lib/admin/queries/record-audit";
import { ticketMessages, tickets, users } from "@/db/schema";
import { recordWebhookEvent } from "@/lib/webhooks/record";
import { queueTicketEmails as notify } from "./notify";
import {
  assignSchema,
  STATUS_LABEL,
  staffReplySchema,
  statusSchema,
  TICKET_NOT_FOUND,
  type TicketStatus,
} from "./schemas";

export type StaffActor = { id: string; ip: string };

const statusFields = (status: TicketStatus, now: Date) => ({ status, closedAt: status === "closed" ? now : null });
const firstIssue = (e: z.ZodError) => ({ error: e.issues[0]?.message ?? "Please check the form." });

async function audit(db: Db, actor: StaffActor, action: string, ticketId: string, details: Record<string, unknown>) {
  await recordAudit(db, { actorId: actor.id, action, targetType: "ticket", targetId: ticketId, ip: actor.ip, details });
}

// Staff work on any ticket; each change and its audit entry are written together.
export async function replyAsStaff(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof staffReplySchema>,
): Promise<ActionResult> {
  const parsed = staffReplySchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  const { ticketId, body, status } = parsed.data;
  const now = new Date();
  const done = await db.transaction(async (tx) => {
    const [ticket] = await tx
      .update(tickets)
      .set({ ...statusFields(status, now), lastMessageAt: now })
      .where(eq(tickets.id, ticketId))
      .returning();
    if (!ticket) return null;
    const [message] = await tx
      .insert(ticketMessages)
      .values({ ticketId, authorId: actor.id, fromStaff: true, body, createdAt: now })
      .returning();
    await audit(tx, actor, "ticket.reply", ticketId, { messageId: message!.id, status });
    await recordWebhookEvent(tx, "ticket.answered", {
      ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, customerId: ticket.customerId, status },
      messageId: message!.id,
      staffId: actor.id,
    });
    await notify(tx, message!.id, "replied");
    return { ticket, message: message! };
  });
  if (!done) return TICKET_NOT_FOUND;
  return { success: `Reply sent; the ticket is now ${STATUS_LABEL[status].toLowerCase()}.` };
}

export async function assignTicket(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof assignSchema>,
): Promise<ActionResult> {
  const parsed = assignSchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  const { ticketId, assigneeId } = parsed.data;
  let assignee: { email: string } | undefined;
  if (assigneeId) {
    [assignee] = await db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.id, assigneeId), inArray(users.role, ["staff", "admin"]), isNull(users.suspendedAt)));
    if (!assignee) return { error: "That staff member was not found." };
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ assigneeId: tickets.assigneeId })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .for("update");
    if (!before) return TICKET_NOT_FOUND;
    await tx.update(tickets).set({ assigneeId }).where(eq(tickets.id, ticketId));
    await audit(tx, actor, assigneeId ? "ticket.assign" : "ticket.unassign", ticketId, {
      from: before.assigneeId,
      to: assigneeId,
    });
    if (!assignee) return { success: "Ticket unassigned." };
    return { success: assigneeId === actor.id ? "Ticket assigned to you." : `Ticket assigned to ${assignee.email}.` };
  });
}

export async function setTicketStatus(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof statusSchema>,
): Promise<ActionResult> {
  const parsed = statusSchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  const { ticketId, status } = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .for("update");
    if (!before) return TICKET_NOT_FOUND;
    if (before.status === status) return { success: `The ticket is already ${STATUS_LABEL[status].toLowerCase()}.` };
    await tx.update(tickets).set(statusFields(status, new Date())).where(eq(tickets.id, ticketId));
    await audit(tx, actor, "ticket.status", ticketId, { from: before.status, to: status });
    return { success: `Status set to ${STATUS_LABEL[status].toLowerCase()}.` };
  });
}
