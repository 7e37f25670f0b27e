import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { tickets } from "@/db/schema";
import { emailsTo, firstLink, waitForEmail } from "@/scripts/test/mailbox";
import { openTicket, replyAsCustomer, setClosedByCustomer } from "./customer";
import { BODY_MAX } from "./schemas";
import {
  customer,
  instanceOf,
  mailbox,
  openedTicket,
  runTicketEmailWorker,
  staffMember,
  stateOf,
  waitForMailAbout,
} from "@/test/support/helpers";

runTicketEmailWorker();

describe("a customer's tickets", () => {
  it("opens a ticket about their instance and tells every staff member, not the customer", async () => {
    const [ada, sam] = [await customer(), await staffMember()];
    const instance = await instanceOf(ada.id);
    const result = await openTicket(db, ada.id, {
      subject: "  Site\nanswers 502 ",
      category: "technical",
      body: "Since 10:00\r\nplease help",
      instanceId: instance.id,
    });
    expect(result).toMatchObject({ success: expect.stringMatching(/^Ticket #\d+ opened/) });
    const ticketId = (result as { ticketId: string }).ticketId;
    const { ticket, messages } = await stateOf(ada.id, ticketId);
    expect(ticket).toMatchObject({
      subject: "Site answers 502",
      status: "open",
      instanceId: instance.id,
      assigneeId: null,
    });
    expect(ticket.number).toBeGreaterThanOrEqual(1000);
    expect(messages).toMatchObject([{ body: "Since 10:00\nplease help", fromStaff: false, authorId: ada.id }]);
    const mail = await waitForMailAbout(sam.email, ticketId, "New");
    expect(mail.subject).toBe(`[Berth ticket #${ticket.number}] New: Site answers 502`);
    expect(firstLink(mail, `/admin/tickets/${ticketId}`)).toBe(`http://localhost:3999/admin/tickets/${ticketId}`);
    expect(mail.text).toContain("Since 10:00 please help");
    // The customer is told it arrived, with its number: that email only.
    await waitForEmail(mailbox, ada.email, { subject: /^We received your ticket #/ });
    const toAda = await emailsTo(mailbox, ada.email);
    expect(toAda.map((m) => m.subject)).toEqual([`We received your ticket #${ticket.number}: Site answers 502`]);
    expect(toAda[0]!.text).toContain(`is open as number ${ticket.number}`);
  });

  it("refuses an instance that is not the customer's own or is terminated, and opens nothing", async () => {
    const [ada, eve] = [await customer(), await customer("eve")];
    const theirs = await instanceOf(eve.id);
    const gone = await instanceOf(ada.id, "terminated");
    for (const instanceId of [theirs.id, gone.id]) {
      expect(await openTicket(db, ada.id, { subject: "Help", category: "other", body: "x", instanceId })).toEqual({
        error: "That instance was not found.",
      });
    }
    expect(await db.select().from(tickets).where(eq(tickets.customerId, ada.id))).toHaveLength(0);
  });

  it("enforces the subject and message length limits, counting a line break once", async () => {
    const ada = await customer();
    const open = (subject: string, body: string) => openTicket(db, ada.id, { subject, category: "billing", body });
    expect(await open("x".repeat(151), "hi")).toEqual({ error: "The subject can be at most 150 characters." });
    expect(await open("ok", "x".repeat(BODY_MAX + 1))).toEqual({
      error: "A message can be at most 10,000 characters.",
    });
    expect(await open("ok", "   ")).toEqual({ error: "Please write a message." });
    expect(await db.select().from(tickets).where(eq(tickets.customerId, ada.id))).toHaveLength(0);
    expect(await open("x".repeat(150), `${"x".repeat(4999)}\r\n${"y".repeat(5000)}`)).toMatchObject({
      success: expect.any(String),
    });
    const ticketId = await openedTicket(ada.id);
    expect(await replyAsCustomer(db, ada.id, { ticketId, body: "z".repeat(BODY_MAX + 1) })).toEqual({
      error: "A message can be at most 10,000 characters.",
    });
    expect((await stateOf(ada.id, ticketId)).messages).toHaveLength(1);
  });

  it("replies, closes and reopens; a reply sets the ticket open again", async () => {
    const ada = await customer();
    const ticketId = await openedTicket(ada.id);
    await db.update(tickets).set({ status: "waiting_on_customer" }).where(eq(tickets.id, ticketId));
    const before = (await stateOf(ada.id, ticketId)).ticket.lastMessageAt;
    expect(await replyAsCustomer(db, ada.id, { ticketId, body: "Still broken." })).toEqual({ success: "Reply sent." });
    let state = await stateOf(ada.id, ticketId);
    expect(state.ticket.status).toBe("open");
    expect(state.ticket.lastMessageAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(state.messages.map((m) => m.body)).toEqual(["It broke.", "Still broken."]);

    expect(await setClosedByCustomer(db, ada.id, { ticketId }, true)).toEqual({ success: "Ticket closed." });
    state = await stateOf(ada.id, ticketId);
    expect(state.ticket).toMatchObject({ status: "closed", closedAt: expect.any(Date) });
    expect(await setClosedByCustomer(db, ada.id, { ticketId }, false)).toEqual({ success: "Ticket reopened." });
    expect((await stateOf(ada.id, ticketId)).ticket).toMatchObject({ status: "open", closedAt: null });

    await setClosedByCustomer(db, ada.id, { ticketId }, true);
    await replyAsCustomer(db, ada.id, { ticketId, body: "One more thing." });
    expect((await stateOf(ada.id, ticketId)).ticket).toMatchObject({ status: "open", closedAt: null });
  });

  it("refuses every action on another customer's ticket and changes nothing", async () => {
    const [ada, eve] = [await customer(), await customer("eve")];
    const ticketId = await openedTicket(ada.id);
    const before = await stateOf(ada.id, ticketId);
    expect(await replyAsCustomer(db, eve.id, { ticketId, body: "mine now" })).toEqual({ error: "Ticket not found." });
    expect(await setClosedByCustomer(db, eve.id, { ticketId }, true)).toEqual({ error: "Ticket not found." });
    expect(await setClosedByCustomer(db, eve.id, { ticketId }, false)).toEqual({ error: "Ticket not found." });
    expect(await replyAsCustomer(db, eve.id, { ticketId: "not-a-uuid", body: "x" })).toEqual({
      error: "Ticket not found.",
    });
    expect(await stateOf(ada.id, ticketId)).toEqual(before);
  });
});
