import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { MessageField } from "@/components/support/message-field";
import { MessageForm } from "@/components/support/message-form";
import { TicketStatusBadge } from "@/components/support/ticket-status-badge";
import { TicketThread } from "@/components/support/ticket-thread";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { db } from "@/lib/db";
import { findCustomerTicket, listMessages } from "@/lib/support/queries";
import { requireUser } from "@/lib/session";
import { CATEGORY_LABEL } from "@/lib/support/schemas";
import { closeTicketAction, reopenTicketAction, replyToTicketAction } from "./actions";

export const metadata: Metadata = { title: "Ticket" };

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const found = await findCustomerTicket(db, user.id, id);
  if (!found) notFound();
  const { ticket, instanceName } = found;
  const messages = await listMessages(db, id);
  const closed = ticket.status === "closed";

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/tickets" className="text-slate-600 underline-offset-2 hover:underline">
            ← All tickets
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">
            #{ticket.number} {ticket.subject}
          </h1>
          <TicketStatusBadge status={ticket.status} />
        </div>
        <p className="text-sm text-slate-600">
          {CATEGORY_LABEL[ticket.category]}
          {instanceName && ticket.instanceId ? (
            <>
              {" "}
              · about{" "}
              <Link className="underline" href={`/instances/${ticket.instanceId}`}>
                {instanceName}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <TicketThread rows={messages} viewer="customer" />
      <Card>
        <MessageForm action={replyToTicketAction} className="space-y-4" label="Reply" submit="Send reply">
          <input type="hidden" name="ticketId" value={ticket.id} />
          <MessageField id="reply" label="Your reply" />
          {closed ? <p className="text-sm text-slate-600">This ticket is closed; replying reopens it.</p> : null}
        </MessageForm>
      </Card>
      <ActionForm
        action={closed ? reopenTicketAction : closeTicketAction}
        label={closed ? "Reopen ticket" : "Close ticket"}
      >
        <input type="hidden" name="ticketId" value={ticket.id} />
        <SubmitButton variant="secondary">{closed ? "Reopen ticket" : "Close ticket"}</SubmitButton>
      </ActionForm>
    </div>
  );
}
