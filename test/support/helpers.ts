import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { findCustomerTicket } from "@/lib/support/queries";
import { auditLog, instances, plans, stacks, ticketMessages, tickets, users } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { ensureStaffAccount } from "@/lib/accounts/staff";
import { emailsTo, waitForEmail } from "@/scripts/test/mailbox";
import { openTicket } from "@/lib/support/customer";
import { afterAll, beforeAll } from "vitest";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { notifyTicketMessageJob } from "@/jobs/notify-ticket-message";

// Test helpers for the support suites: verified customers, staff members, instances and a ticket's state.
export const mailbox = process.env.MAILDEV_URL!;
export const STAFF_IP = "203.0.113.7";

// Ticket emails go out from the notify-ticket-message job: a suite that reads them runs a worker for it.
export function runTicketEmailWorker() {
  let worker: EmbeddedWorker | undefined;
  beforeAll(async () => {
    worker = await startEmbeddedWorker({ jobs: [notifyTicketMessageJob], concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.stop();
  });
}

export async function customer(tag = "cust") {
  const [user] = await db
    .insert(users)
    .values({ name: "Ada", email: `${tag}-${randomUUID()}@example.test`, emailVerified: new Date() })
    .returning();
  return user!;
}

export async function staffMember(tag = "staff") {
  const { user } = await ensureStaffAccount(db, {
    email: `${tag}-${randomUUID()}@example.test`,
    role: "staff",
    name: "Sam",
  });
  return { ...user, actor: { id: user.id, ip: STAFF_IP } };
}

export async function instanceOf(ownerId: string, status: "running" | "terminated" = "running") {
  await seedCatalog(db);
  await seedDemoStack(db);
  const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "demo"));
  const slug = `tk-${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(instances)
    .values({ ownerId, name: slug, slug, planId: plan!.id, stackId: stack!.id, status })
    .returning();
  return row!;
}

export async function openedTicket(customerId: string, extra: { instanceId?: string; body?: string } = {}) {
  const result = await openTicket(db, customerId, {
    subject: "Site answers 502",
    category: "technical",
    body: extra.body ?? "It broke.",
    instanceId: extra.instanceId,
  });
  if (!("ticketId" in result) || !result.ticketId) throw new Error(JSON.stringify(result));
  return result.ticketId;
}

export async function stateOf(customerId: string, ticketId: string) {
  const row = await findCustomerTicket(db, customerId, ticketId);
  const messages = await db
    .select()
    .from(ticketMessages)
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(ticketMessages.createdAt);
  return { ticket: row!.ticket, messages };
}

export const auditFor = (ticketId: string) =>
  db.select().from(auditLog).where(eq(auditLog.targetId, ticketId)).orderBy(auditLog.createdAt);

// Staff are emailed about every unassigned ticket, including those other suites open at the same time,
// so a test only ever looks at the emails about its own ticket.
async function aboutTicket(ticketId: string, kind: "New" | "Reply" | "Re" | "" = "") {
  const [ticket] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticketId));
  const tag = kind === "Re" ? `^Re: .*\\[ticket #${ticket!.number}\\]$` : `#${ticket!.number}\\] ${kind}`;
  return new RegExp(tag);
}

export async function mailAbout(address: string, ticketId: string) {
  const about = await aboutTicket(ticketId);
  return (await emailsTo(mailbox, address)).filter((m) => about.test(m.subject));
}

export async function waitForMailAbout(address: string, ticketId: string, kind: "New" | "Reply" | "Re") {
  return waitForEmail(mailbox, address, { subject: await aboutTicket(ticketId, kind) });
}
