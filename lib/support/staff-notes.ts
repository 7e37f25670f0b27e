import { asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db";
import { cannedReplies, ticketNotes, tickets, users } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import { recordAudit } from "@/lib/admin/queries/record-audit";
import { isUniqueViolation } from "@/lib/pg-errors";
import { cannedReplyRefSchema, cannedReplySchema, noteSchema, TICKET_NOT_FOUND } from "./schemas";
import type { StaffActor } from "./staff";

const firstIssue = (e: z.ZodError) => ({ error: e.issues[0]?.message ?? "Please check the form." });

// An internal note: staff see it beside the thread; it is no message, so no customer page or email carries it.
export async function addTicketNote(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof noteSchema>,
): Promise<ActionResult> {
  const parsed = noteSchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  const { ticketId, body } = parsed.data;
  return db.transaction(async (tx) => {
    const [ticket] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId));
    if (!ticket) return TICKET_NOT_FOUND;
    const [note] = await tx.insert(ticketNotes).values({ ticketId, authorId: actor.id, body }).returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "ticket.note",
      targetType: "ticket",
      targetId: ticketId,
      ip: actor.ip,
      details: { noteId: note!.id },
    });
    return { success: "Note added. Only staff see it." };
  });
}

export function listTicketNotes(db: Db, ticketId: string) {
  return db
    .select({ note: ticketNotes, authorName: users.name, authorEmail: users.email })
    .from(ticketNotes)
    .leftJoin(users, eq(users.id, ticketNotes.authorId))
    .where(eq(ticketNotes.ticketId, ticketId))
    .orderBy(asc(ticketNotes.createdAt));
}

export function listCannedReplies(db: Db) {
  return db.select().from(cannedReplies).orderBy(asc(cannedReplies.title), desc(cannedReplies.createdAt));
}

export async function createCannedReply(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof cannedReplySchema>,
): Promise<ActionResult> {
  const parsed = cannedReplySchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  try {
    return await db.transaction(async (tx) => {
      const [reply] = await tx
        .insert(cannedReplies)
        .values({ ...parsed.data, createdById: actor.id })
        .returning();
      await recordAudit(tx, {
        actorId: actor.id,
        action: "canned_reply.create",
        targetType: "canned_reply",
        targetId: reply!.id,
        ip: actor.ip,
        details: { title: reply!.title },
      });
      return { success: `Canned reply “${reply!.title}” saved.` };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { error: `A canned reply is already titled “${parsed.data.title}”.` };
    throw error;
  }
}

export async function deleteCannedReply(
  db: Db,
  actor: StaffActor,
  input: z.input<typeof cannedReplyRefSchema>,
): Promise<ActionResult> {
  const parsed = cannedReplyRefSchema.safeParse(input);
  if (!parsed.success) return firstIssue(parsed.error);
  return db.transaction(async (tx) => {
    const [gone] = await tx.delete(cannedReplies).where(eq(cannedReplies.id, parsed.data.id)).returning();
    if (!gone) return { error: "That canned reply was not found." };
    await recordAudit(tx, {
      actorId: actor.id,
      action: "canned_reply.delete",
      targetType: "canned_reply",
      targetId: gone.id,
      ip: actor.ip,
      details: { title: gone.title },
    });
    return { success: `Canned reply “${gone.title}” deleted.` };
  });
}
