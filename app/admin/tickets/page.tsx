import type { Metadata } from "next";
import Link from "next/link";
import { TicketStatusBadge } from "@/components/support/ticket-status-badge";
import { formatWhen } from "@/components/support/ticket-thread";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { ticketQueue } from "@/lib/support/queries";
import { cn } from "@/lib/cn";
import { requireStaff } from "@/lib/session";
import {
  encodeCursor,
  parseQueueParams,
  QUEUE_VIEWS,
  queueHref,
  type QueueParams,
  type QueueView,
} from "@/lib/support/queue";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Tickets" };

export default async function AdminTicketsPage({ searchParams }: { searchParams: Promise<QueueParams> }) {
  const staff = await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { view, mine, after, filter } = parseQueueParams(await searchParams, staff.id);
  const page = await ticketQueue(db, filter);
  const pill = (active: boolean) =>
    cn("rounded-md px-3 py-1.5", active ? "bg-slate-900 text-white" : "hover:bg-slate-100");

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Tickets</h1>
      <Card>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3 text-sm">
          <nav aria-label="Filter by status" className="flex flex-wrap gap-1">
            {(Object.keys(QUEUE_VIEWS) as QueueView[]).map((v) => (
              <Link
                key={v}
                className={pill(v === view)}
                href={queueHref({ view: v, mine })}
                aria-current={v === view ? "page" : undefined}
              >
                {QUEUE_VIEWS[v].label}
              </Link>
            ))}
          </nav>
          <nav aria-label="Filter by assignee" className="flex gap-1">
            <Link
              className={pill(!mine)}
              href={queueHref({ view, mine: false })}
              aria-current={!mine ? "page" : undefined}
            >
              Everyone&apos;s
            </Link>
            <Link
              className={pill(mine)}
              href={queueHref({ view, mine: true })}
              aria-current={mine ? "page" : undefined}
            >
              Assigned to me
            </Link>
          </nav>
        </div>
        <ListTable
          caption="Ticket queue: open first, then waiting on customer, newest activity first"
          columns={["#", "Subject", "Customer", "Status", "Assignee", "Last activity"]}
          empty="No tickets here."
        >
          {page.rows.map((t) => (
            <tr key={t.id} className="align-top">
              <td className="py-2 pr-4 text-slate-500">{t.number}</td>
              <td className="min-w-48 py-2 pr-4 [overflow-wrap:anywhere]">
                <Link className="font-medium underline-offset-2 hover:underline" href={`/admin/tickets/${t.id}`}>
                  {t.subject}
                </Link>
              </td>
              <td className="py-2 pr-4 break-all">{t.customerEmail}</td>
              <td className="py-2 pr-4">
                <TicketStatusBadge status={t.status} />
              </td>
              <td className="py-2 pr-4 break-all">
                {t.assigneeEmail ?? <span className="text-slate-500">Unassigned</span>}
              </td>
              <td className="whitespace-nowrap py-2">{formatWhen(t.lastMessageAt)}</td>
            </tr>
          ))}
        </ListTable>
        <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
          {after ? (
            <Link className="underline" href={queueHref({ view, mine })}>
              First page
            </Link>
          ) : null}
          {page.next ? (
            <Link className="underline" href={queueHref({ view, mine, after: encodeCursor(page.next) })}>
              Next page
            </Link>
          ) : null}
        </nav>
      </Card>
    </div>
  );
}
