import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { ticketQueue } from "@/lib/support/queries";
import { emailsTo, firstLink, waitForEmail } from "@/scripts/test/mailbox";
import { replyAsCustomer } from "./customer";
import { notifyAboutMessage } from "./notify";
import { assignTicket, replyAsStaff, setTicketStatus } from "./staff";
import {
  auditFor,
  customer,
  mailAbout,
  mailbox,
  openedTicket,
  runTicketEmailWorker,
  STAFF_IP,
  staffMember,
  stateOf,
  waitForMailAbout,
} from "@/test/support/helpers";

runTicketEmailWorker();

describe("staff on a ticket", () => {
  it("replies: the ticket waits on the customer, who is emailed once; the staff author is not", async () => {
    const [ada, sam] = [await customer(), await staffMember()];
    const ticketId = await openedTicket(ada.id);
    await waitForMailAbout(sam.email, ticketId, "New");
    const reply = "Restarted it.\n<script>alert(1)</script> https://status.example.com";
    expect(await replyAsStaff(db, sam.actor, { ticketId, body: reply })).toEqual({
      success: "Reply sent; the ticket is now waiting on customer.",
    });
    const { ticket, messages } = await stateOf(ada.id, ticketId);
    expect(ticket.status).toBe("waiting_on_customer");
    expect(messages[1]).toMatchObject({ body: reply, fromStaff: true, authorId: sam.id });

    const mail = await waitForMailAbout(ada.email, ticketId, "Re");
    expect(mail.subject).toMatch(/^Re: Site answers 502 \[ticket #\d+\]$/);
    expect(firstLink(mail, `/tickets/${ticketId}`)).toBe(`http://localhost:3999/tickets/${ticketId}`);
    expect(mail.text).toContain("Restarted it. <script>alert(1)</script>");
    expect(mail.html).not.toContain("<script>alert");
    // A retry of the message's job sends nothing new.
    expect(await notifyAboutMessage(db, messages[1]!.id, "replied")).toEqual({ told: "customer" });
    expect((await emailsTo(mailbox, ada.email)).filter((m) => m.subject.startsWith("Re: "))).toHaveLength(1);
    expect(await mailAbout(sam.email, ticketId)).toHaveLength(1); // only the "new ticket" email
    expect(await auditFor(ticketId)).toMatchObject([
      {
        actorId: sam.id,
        action: "ticket.reply",
        targetType: "ticket",
        ip: STAFF_IP,
        details: { status: "waiting_on_customer" },
      },
    ]);
  });

  it("can set another status with a reply, and closing records when", async () => {
    const [ada, sam] = [await customer(), await staffMember()];
    const ticketId = await openedTicket(ada.id);
    await replyAsStaff(db, sam.actor, { ticketId, body: "Fixed.", status: "closed" });
    expect((await stateOf(ada.id, ticketId)).ticket).toMatchObject({ status: "closed", closedAt: expect.any(Date) });
    expect(await setTicketStatus(db, sam.actor, { ticketId, status: "open" })).toEqual({
      success: "Status set to open.",
    });
    expect((await stateOf(ada.id, ticketId)).ticket).toMatchObject({ status: "open", closedAt: null });
    expect((await auditFor(ticketId)).map((a) => a.action)).toEqual(["ticket.reply", "ticket.status"]);
  });

  it("assigns; a customer reply then emails only the assignee", async () => {
    const [ada, sam, kim] = [await customer(), await staffMember(), await staffMember("kim")];
    const ticketId = await openedTicket(ada.id);
    await waitForMailAbout(kim.email, ticketId, "New");
    expect(await assignTicket(db, sam.actor, { ticketId, assigneeId: kim.id })).toEqual({
      success: `Ticket assigned to ${kim.email}.`,
    });
    expect(await replyAsCustomer(db, ada.id, { ticketId, body: "Any news?" })).toEqual({ success: "Reply sent." });
    const mail = await waitForMailAbout(kim.email, ticketId, "Reply");
    expect(mail.subject).toMatch(/Reply: Site answers 502$/);
    expect(mail.text).toContain("replied ticket");
    expect(firstLink(mail, "/admin/tickets/")).toContain(ticketId);
    expect(await mailAbout(sam.email, ticketId)).toHaveLength(1);
    // The customer had only the "we received your ticket" email: nothing about their own reply.
    await waitForEmail(mailbox, ada.email, { subject: /^We received your ticket #/ });
    expect((await emailsTo(mailbox, ada.email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^We received your ticket #\d+: Site answers 502$/),
    ]);

    expect(await assignTicket(db, sam.actor, { ticketId, assigneeId: "" })).toEqual({ success: "Ticket unassigned." });
    expect(await assignTicket(db, sam.actor, { ticketId, assigneeId: ada.id })).toEqual({
      error: "That staff member was not found.",
    });
    expect((await auditFor(ticketId)).map((a) => [a.action, a.details])).toEqual([
      ["ticket.assign", { from: null, to: kim.id }],
      ["ticket.unassign", { from: kim.id, to: null }],
    ]);
  });

  it("falls back to every staff member when the assignee has been suspended", async () => {
    const [ada, sam, kim] = [await customer(), await staffMember(), await staffMember("kim")];
    const ticketId = await openedTicket(ada.id);
    await waitForMailAbout(kim.email, ticketId, "New");
    await assignTicket(db, sam.actor, { ticketId, assigneeId: kim.id });
    await db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, kim.id));
    await replyAsCustomer(db, ada.id, { ticketId, body: "Hello?" });
    await waitForMailAbout(sam.email, ticketId, "Reply");
    expect(await mailAbout(kim.email, ticketId)).toHaveLength(1); // only the "new ticket" email, from before
  });

  it("does not email a staff member about a message of their own", async () => {
    const [sam, kim] = [await staffMember(), await staffMember("kim")];
    const ticketId = await openedTicket(sam.id);
    await waitForMailAbout(kim.email, ticketId, "New");
    expect(await mailAbout(sam.email, ticketId)).toHaveLength(0);
    expect((await stateOf(sam.id, ticketId)).messages).toHaveLength(1);
  });

  it("answers a missing ticket with not found and writes no audit entry", async () => {
    const sam = await staffMember();
    const ticketId = crypto.randomUUID();
    expect(await replyAsStaff(db, sam.actor, { ticketId, body: "x" })).toEqual({ error: "Ticket not found." });
    expect(await setTicketStatus(db, sam.actor, { ticketId, status: "closed" })).toEqual({
      error: "Ticket not found.",
    });
    expect(await assignTicket(db, sam.actor, { ticketId, assigneeId: sam.id })).toEqual({ error: "Ticket not found." });
    expect(await auditFor(ticketId)).toHaveLength(0);
  });
});

describe("the staff queue", () => {
  it("puts open before waiting before closed, newest activity first, and pages by keyset without gaps", async () => {
    const [ada, sam] = [await customer(), await staffMember()];
    const ids: string[] = [];
    for (const status of ["open", "waiting_on_customer", "closed", "open", "waiting_on_customer"] as const) {
      const ticketId = await openedTicket(ada.id);
      await assignTicket(db, sam.actor, { ticketId, assigneeId: sam.id });
      await setTicketStatus(db, sam.actor, { ticketId, status });
      ids.push(ticketId);
    }
    const expected = [ids[3], ids[0], ids[4], ids[1], ids[2]];
    const seen: string[] = [];
    let after;
    do {
      const page = await ticketQueue(db, {
        statuses: ["open", "waiting_on_customer", "closed"],
        assigneeId: sam.id,
        limit: 2,
        after,
      });
      seen.push(...page.rows.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(expected);
    const waiting = await ticketQueue(db, { statuses: ["waiting_on_customer"], assigneeId: sam.id, limit: 50 });
    expect(waiting.rows.map((r) => r.id)).toEqual([ids[4], ids[1]]);
  });
});
