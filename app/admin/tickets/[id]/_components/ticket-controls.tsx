import { MessageField } from "@/components/support/message-field";
import { MessageForm } from "@/components/support/message-form";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Ticket } from "@/db/schema";
import { STATUS_LABEL, TICKET_STATUSES } from "@/lib/support/schemas";
import { assignTicketAction, staffReplyAction, ticketStatusAction } from "../actions";
import { CannedReplyPicker } from "./canned-reply-picker";

type StaffMember = { id: string; name: string | null; email: string };
const labelClass = "block text-sm font-medium text-slate-800";

type Canned = { id: string; title: string; body: string };

export function StaffReplyForm({ ticketId, canned }: { ticketId: string; canned: Canned[] }) {
  return (
    <Card>
      <MessageForm action={staffReplyAction} className="space-y-4" label="Reply" submit="Send reply">
        <input type="hidden" name="ticketId" value={ticketId} />
        <CannedReplyPicker replies={canned} target="staff-reply" />
        <MessageField id="staff-reply" label="Reply to the customer" />
        <div className="space-y-1">
          <label htmlFor="reply-status" className={labelClass}>
            After replying, set status to
          </label>
          <select id="reply-status" name="status" className={inputClass} defaultValue="waiting_on_customer">
            {(["waiting_on_customer", "open", "closed"] as const).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </MessageForm>
    </Card>
  );
}

export function AssignPanel({ ticket, staff, me }: { ticket: Ticket; staff: StaffMember[]; me: string }) {
  return (
    <Card>
      <CardHeader title="Assignee" />
      <div className="space-y-4">
        {/* Always mounted, so its confirmation survives the re-render that follows the assignment. */}
        <ActionForm action={assignTicketAction} label="Assign to me">
          <input type="hidden" name="ticketId" value={ticket.id} />
          <input type="hidden" name="assigneeId" value={me} />
          {ticket.assigneeId === me ? (
            <p className="text-sm text-slate-700">Assigned to you.</p>
          ) : (
            <SubmitButton variant="secondary">Assign to me</SubmitButton>
          )}
        </ActionForm>
        <ActionForm action={assignTicketAction} label="Assign" className="space-y-2">
          <input type="hidden" name="ticketId" value={ticket.id} />
          <label htmlFor="assigneeId" className={labelClass}>
            Assigned to
          </label>
          <select id="assigneeId" name="assigneeId" className={inputClass} defaultValue={ticket.assigneeId ?? ""}>
            <option value="">Nobody (unassigned)</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name ? `${s.name} (${s.email})` : s.email}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary">Save assignee</SubmitButton>
        </ActionForm>
      </div>
    </Card>
  );
}

export function StatusPanel({ ticket }: { ticket: Ticket }) {
  return (
    <Card>
      <CardHeader title="Status" />
      <ActionForm action={ticketStatusAction} label="Change status" className="space-y-2">
        <input type="hidden" name="ticketId" value={ticket.id} />
        <label htmlFor="status" className={labelClass}>
          Status
        </label>
        <select id="status" name="status" className={inputClass} defaultValue={ticket.status}>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <SubmitButton variant="secondary">Change status</SubmitButton>
      </ActionForm>
    </Card>
  );
}
