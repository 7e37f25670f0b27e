import { cn } from "@/lib/cn";
import { STATUS_LABEL, type TicketStatus } from "@/lib/support/schemas";

const TONE: Record<TicketStatus, string> = {
  open: "bg-sky-100 text-sky-800",
  waiting_on_customer: "bg-amber-100 text-amber-900",
  closed: "bg-slate-200 text-slate-700",
};

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <span
      data-testid="ticket-status"
      className={cn("inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold", TONE[status])}
    >
      {STATUS_LABEL[status]}
    </span>
  );
}
