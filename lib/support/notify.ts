import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { users, type Ticket, type TicketMessage } from "@/db/schema";
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

type Recipient = { id: string; email: string; name: string | null };

// One email per message and recipient, however often this runs. A failed delivery is recorded in email_log
// (status failed) and must not turn a reply that is already saved into an error for its author.
async function deliverEach(
  recipients: Recipient[],
  messageId: string,
  send: (r: Recipient, dedupeKey: string) => Promise<unknown>,
) {
  for (const r of recipients) {
    try {
      await send(r, `ticket-msg:${messageId}:${r.id}`);
    } catch (error) {
      console.error(`ticket email for message ${messageId} to ${r.email} failed`, error);
    }
  }
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
export async function notifyStaff(db: Db, ticket: Ticket, message: TicketMessage, action: "opened" | "replied") {
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
export async function notifyCustomer(db: Db, ticket: Ticket, message: TicketMessage) {
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
export async function notifyTicketReceived(db: Db, ticket: Ticket) {
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
  }).catch((error: unknown) => console.error(`ticket-received email for ticket ${ticket.id} failed`, error));
}
