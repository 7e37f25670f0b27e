import { formatWhen } from "@/components/support/ticket-thread";
import { MessageField } from "@/components/support/message-field";
import { MessageForm } from "@/components/support/message-form";
import { Card, CardHeader } from "@/components/ui/card";
import type { TicketNote } from "@/db/schema";
import { addNoteAction } from "../actions";

type Row = { note: TicketNote; authorName: string | null; authorEmail: string | null };

// Internal notes: for staff only, never part of the customer's thread or emails.
export function NotesPanel({ ticketId, notes }: { ticketId: string; notes: Row[] }) {
  return (
    <Card>
      <CardHeader title="Internal notes" description="Only staff see these; the customer never does." />
      {notes.length ? (
        <ul className="mb-4 space-y-3 text-sm" aria-label="Internal notes">
          {notes.map(({ note, authorName, authorEmail }) => (
            <li key={note.id} className="rounded-md bg-amber-50 p-3">
              <p className="text-xs text-slate-600">
                {authorName ?? authorEmail ?? "Former staff member"} · {formatWhen(note.createdAt)}
              </p>
              <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{note.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <MessageForm
        action={addNoteAction}
        className="space-y-4"
        label="Add a note"
        submit="Add note"
        pendingText="Adding…"
      >
        <input type="hidden" name="ticketId" value={ticketId} />
        <MessageField id="staff-note" label="Note for staff" rows={3} />
      </MessageForm>
    </Card>
  );
}
