import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { TicketStatusBadge } from "@/components/support/ticket-status-badge";
import { formatWhen, TicketThread } from "@/components/support/ticket-thread";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { findTicketForStaff, listMessages, listStaffMembers, recentInstanceEvents } from "@/lib/support/queries";
import { loadInstanceParts } from "@/lib/instances/load";
import { requireStaff } from "@/lib/session";
import { CATEGORY_LABEL } from "@/lib/support/schemas";
import { listCannedReplies, listTicketNotes } from "@/lib/support/staff-notes";
import { InstancePanel } from "./_components/instance-panel";
import { NotesPanel } from "./_components/notes-panel";
import { AssignPanel, StaffReplyForm, StatusPanel } from "./_components/ticket-controls";

export const metadata: Metadata = { title: "Ticket" };

export default async function AdminTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const found = await findTicketForStaff(db, id);
  if (!found) notFound();
  const { ticket, customer } = found;
  const instanceId = ticket.instanceId;
  const [messages, staffMembers, parts, events, notes, canned] = await Promise.all([
    listMessages(db, id),
    listStaffMembers(db),
    instanceId ? loadInstanceParts(db, instanceId) : null,
    instanceId ? recentInstanceEvents(db, instanceId, 10) : [],
    listTicketNotes(db, id),
    listCannedReplies(db),
  ]);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/admin/tickets" className="text-slate-600 underline-offset-2 hover:underline">
            ← Ticket queue
          </Link>{" "}
          ·{" "}
          <Link href="/admin/tickets/canned" className="text-slate-600 underline-offset-2 hover:underline">
            Canned replies
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">
            #{ticket.number} {ticket.subject}
          </h1>
          <TicketStatusBadge status={ticket.status} />
        </div>
        <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">
          {CATEGORY_LABEL[ticket.category]} · from{" "}
          <Link className="underline" href={`/admin/users/${ticket.customerId}`}>
            {customer.name ? `${customer.name} (${customer.email})` : customer.email}
          </Link>{" "}
          · opened {formatWhen(ticket.createdAt)}
          {ticket.closedAt ? ` · closed ${formatWhen(ticket.closedAt)}` : null}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <TicketThread rows={messages} viewer="staff" />
          <StaffReplyForm ticketId={ticket.id} canned={canned} />
          <NotesPanel ticketId={ticket.id} notes={notes} />
        </div>
        <aside className="space-y-6" aria-label="Ticket details">
          {parts ? (
            <InstancePanel parts={parts} events={events} />
          ) : (
            <Card>
              <p className="text-sm text-slate-600">This ticket is not about an instance.</p>
            </Card>
          )}
          <AssignPanel ticket={ticket} staff={staffMembers} me={staff.id} />
          <StatusPanel ticket={ticket} />
        </aside>
      </div>
    </div>
  );
}
