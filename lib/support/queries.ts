import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { after, cursorAt, toPage, type Cursor } from "@/lib/admin/keyset";
import { instanceEvents, instances, ticketMessages, tickets, users } from "@/db/schema";

type Status = (typeof tickets.$inferSelect)["status"];
const assignees = alias(users, "assignees");

export function listCustomerTickets(db: Db, customerId: string) {
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      lastMessageAt: tickets.lastMessageAt,
    })
    .from(tickets)
    .where(eq(tickets.customerId, customerId))
    .orderBy(desc(tickets.lastMessageAt), desc(tickets.id))
    .limit(500);
}

// Keyset pages of the customer's tickets, newest first (by when they were opened).
export async function pageCustomerTickets(db: Db, customerId: string, p: { cursor: Cursor | null; limit: number }) {
  const rows = await db
    .select({ ticket: tickets, id: tickets.id, cursorAt: cursorAt(tickets.createdAt) })
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), after(tickets.createdAt, tickets.id, p.cursor)))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(p.limit + 1);
  return toPage(rows, p.limit);
}

export async function findCustomerTicket(db: Db, customerId: string, ticketId: string) {
  const [row] = await db
    .select({ ticket: tickets, instanceName: instances.name })
    .from(tickets)
    .leftJoin(instances, eq(instances.id, tickets.instanceId))
    .where(and(eq(tickets.id, ticketId), eq(tickets.customerId, customerId)));
  return row ?? null;
}

export async function findTicketForStaff(db: Db, ticketId: string) {
  const [row] = await db
    .select({ ticket: tickets, customer: { email: users.email, name: users.name }, assigneeEmail: assignees.email })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.customerId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(eq(tickets.id, ticketId));
  return row ?? null;
}

export function listMessages(db: Db, ticketId: string) {
  return db
    .select({ message: ticketMessages, authorName: users.name, authorEmail: users.email })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorId))
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
}

// The queue's order: open, then waiting, then closed; newest activity first within each.
const statusRank = sql<number>`(case ${tickets.status} when 'open' then 0 when 'waiting_on_customer' then 1 else 2 end)`;
// Microseconds survive the round trip through the URL, unlike a JS Date's milliseconds.
const exactAt = sql<string>`to_char(${tickets.lastMessageAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type QueueCursor = { rank: number; at: string; id: string };
export type QueueFilter = { statuses: Status[]; assigneeId?: string; after?: QueueCursor; limit: number };

export async function ticketQueue(db: Db, f: QueueFilter) {
  const where: (SQL | undefined)[] = [
    inArray(tickets.status, f.statuses),
    f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
  ];
  if (f.after) {
    const { rank, at, id } = f.after;
    where.push(
      sql`(${statusRank} > ${rank} or (${statusRank} = ${rank} and (${tickets.lastMessageAt}, ${tickets.id}) < (${at}::timestamptz, ${id}::uuid)))`,
    );
  }
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      lastMessageAt: tickets.lastMessageAt,
      customerEmail: users.email,
      assigneeEmail: assignees.email,
      rank: statusRank,
      exactAt,
    })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.customerId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(and(...where))
    .orderBy(statusRank, desc(tickets.lastMessageAt), desc(tickets.id))
    .limit(f.limit + 1);
  const last = rows.length > f.limit ? rows[f.limit - 1] : undefined;
  return {
    rows: rows.slice(0, f.limit),
    next: last ? { rank: Number(last.rank), at: last.exactAt, id: last.id } : null,
  };
}

export function listStaffMembers(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.role, ["staff", "admin"]), isNull(users.suspendedAt)))
    .orderBy(users.email);
}

export async function findOwnedLiveInstance(db: Db, ownerId: string, instanceId: string) {
  const [row] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, ownerId), ne(instances.status, "terminated")));
  return row ?? null;
}

export function recentInstanceEvents(db: Db, instanceId: string, limit = 10) {
  return db
    .select()
    .from(instanceEvents)
    .where(eq(instanceEvents.instanceId, instanceId))
    .orderBy(desc(instanceEvents.createdAt))
    .limit(limit);
}
