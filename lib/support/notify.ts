import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { ticketMessages, tickets, users, type Ticket, type TicketMessage } from "@/db/schema";
import { notifyTicketMessage } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";

const EXCERPT_MAX = 280;

// A short one-paragraph preview; the full message is only on the site.
export function excerpt(body: string) {
  const chars = Array.from(body.replace(/\s+/g, " ").trim()); // by code point, so an emoji is never cut in half
  return chars.length > EXCERPT_MAX
    ? `${chars
        .slice(0, EXCERPT_MAX - 1)
        .join("")
        .trimEnd()}…`
    : chars.join("");
}

// A message's emails go out from a job queued in the transaction that saves it, so its author does not wait on the
// mail server (or on one email per staff member), and a crash after the commit still sends them.
export const queueTicketEmails = (tx: Db, messageId: string, action: "opened" | "replied") =>
  enqueue(notifyTicketMessage, { messageId, action }, { idempotencyKey: `ticket-msg:${messageId}` }, tx);

type Recipient = { id: string; email: string; name: string | null };

// One email per message and recipient, however often this runs. A failed delivery is recorded in email_log
// (status failed) and does not stop the others; the job fails after the last, so its retry sends the failed ones.
async function deliverEach(
  recipients: Recipient[],
  messageId: string,
  send: (r: Recipient, dedupeKey: string) => Promise<unknown>,
) {
  const failed: string[] = [];
  for (const r of recipients) {
    try {
      await send(r, `ticket-msg:${messageId}:${r.id}`);
    } catch (error) {
      failed.push(`${r.email}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length)
    throw new Error(`${failed.length} of ${recipients.length} emails about message ${messageId} failed: ${failed[0]}`);
}

// What the notify-ticket-message job does: a customer's message tells staff (and, opening the ticket, confirms it
// to the customer); a staff reply tells the customer.
export async function notifyAboutMessage(db: Db, messageId: string, action: "opened" | "replied") {
  const [row] = await db
    .select({ message: ticketMessages, ticket: tickets })
    .from(ticketMessages)
    .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
    .where(eq(ticketMessages.id, messageId));
  if (!row) return { skipped: "the message is gone" };
  if (row.message.fromStaff) {
    await notifyCustomer(db, row.ticket, row.message);
    return { told: "customer" };
  }
  const problems: unknown[] = [];
  await notifyStaff(db, row.ticket, row.message, action).catch((e: unknown) => problems.push(e));
  if (action === "opened") await notifyTicketReceived(db, row.ticket).catch((e: unknown) => problems.push(e));
  if (problems.length) throw problems[0];
  return { told: action === "opened" ? "staff and customer" : "staff" };
}

const activeStaff = (db: Db, only?: string | null) =>
  db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(inArray(users.role, ["staff", "admin"]), isNull(users.suspendedAt), only ? eq(users.id, only) : undefined),
    );

// A customer opened a ticket or replied: the assignee hears of it, or every staff member while it is unassigned
// (or its assignee has since left the staff).
async function notifyStaff(db: Db, ticket: Ticket, message: TicketMessage, action: "opened" | "replied") {
  const assignee = ticket.assigneeId ? await activeStaff(db, ticket.assigneeId) : [];
  const staff = assignee.length ? assignee : await activeStaff(db);
  const [customer] = await db.select({ email: users.email }).from(users).where(eq(users.id, ticket.customerId));
  const recipients = staff.filter((s) => s.id !== message.authorId);
  await deliverEach(recipients, message.id, (r, dedupeKey) =>
    sendEmail(db, {
      to: r.email,
      userId: r.id,
      dedupeKey,
      template: "ticket-reply-to-staff",
      props: {
        ticketNumber: String(ticket.number),
        subject: ticket.subject,
        customerEmail: customer?.email ?? "a customer",
        action,
        excerpt: excerpt(message.body),
        ticketUrl: appUrl(`/admin/tickets/${ticket.id}`),
      },
    }),
  );
}

// Staff replied: the customer hears of it (never the staff member who wrote it).
async function notifyCustomer(db: Db, ticket: Ticket, message: TicketMessage) {
  const [customer] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, ticket.customerId));
  const recipients = customer && customer.id !== message.authorId ? [customer] : [];
  await deliverEach(recipients, message.id, (r, dedupeKey) =>
    sendEmail(db, {
      to: r.email,
      userId: r.id,
      dedupeKey,
      template: "ticket-reply-to-customer",
      props: {
        name: r.name ?? "there",
        ticketNumber: String(ticket.number),
        subject: ticket.subject,
        excerpt: excerpt(message.body),
        ticketUrl: appUrl(`/tickets/${ticket.id}`),
      },
    }),
  );
}

// A customer opened a ticket: they get its number by email at once, so they know it arrived.
async function notifyTicketReceived(db: Db, ticket: Ticket) {
  const [customer] = await db
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, ticket.customerId));
  if (!customer) return;
  await sendEmail(db, {
    to: customer.email,
    userId: ticket.customerId,
    dedupeKey: `ticket-received:${ticket.id}`,
    template: "ticket-received",
    props: {
      name: customer.name ?? "there",
      ticketNumber: String(ticket.number),
      subject: ticket.subject,
      ticketUrl: appUrl(`/tickets/${ticket.id}`),
    },
  });
}
