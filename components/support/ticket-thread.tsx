import type { TicketMessage } from "@/db/schema";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/format";
import { MessageBody } from "./message-body";

export const formatWhen = formatDateTime;

type Row = { message: TicketMessage; authorName: string | null; authorEmail: string | null };

// The conversation, oldest first. Customers see "Berth support" for staff; staff see who wrote what.
export function TicketThread({ rows, viewer }: { rows: Row[]; viewer: "customer" | "staff" }) {
  const author = ({ message, authorName, authorEmail }: Row) => {
    if (viewer === "customer") return message.fromStaff ? "Berth support" : "You";
    const who = authorName && authorEmail ? `${authorName} (${authorEmail})` : (authorEmail ?? "Deleted user");
    return message.fromStaff ? `${who} · staff` : who;
  };
  return (
    <ol className="space-y-4" aria-label="Messages">
      {rows.map((row) => (
        <li
          key={row.message.id}
          className={cn(
            "rounded-lg border p-4",
            row.message.fromStaff ? "border-sky-200 bg-sky-50/60" : "border-slate-200 bg-white",
          )}
        >
          <p className="mb-2 flex flex-wrap justify-between gap-x-3 text-xs text-slate-600">
            <span className="font-semibold text-slate-800">{author(row)}</span>
            <time dateTime={row.message.createdAt.toISOString()}>{formatWhen(row.message.createdAt)}</time>
          </p>
          <MessageBody body={row.message.body} />
        </li>
      ))}
    </ol>
  );
}
