import type { Metadata } from "next";
import Link from "next/link";
import { formatWhen } from "@/components/support/ticket-thread";
import { TicketStatusBadge } from "@/components/support/ticket-status-badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listCustomerTickets } from "@/lib/support/queries";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Support tickets" };

export default async function TicketsPage() {
  const user = await requireUser("/tickets");
  const rows = await listCustomerTickets(db, user.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Support tickets</h1>
        <ButtonLink href="/tickets/new">New ticket</ButtonLink>
      </div>
      {rows.length === 0 ? (
        <Card>
          <p className="text-slate-700">You have no tickets.</p>
          <p className="mt-1 text-sm text-slate-600">
            Something not working, or a question about billing? Open a ticket and we answer by email.
          </p>
        </Card>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Your tickets">
          {rows.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <div className="min-w-0">
                <Link
                  href={`/tickets/${t.id}`}
                  className="font-medium text-slate-900 underline-offset-2 [overflow-wrap:anywhere] hover:underline"
                >
                  <span className="text-slate-500">#{t.number}</span> {t.subject}
                </Link>
                <p className="text-sm text-slate-600">
                  Last activity <time dateTime={t.lastMessageAt.toISOString()}>{formatWhen(t.lastMessageAt)}</time>
                </p>
              </div>
              <TicketStatusBadge status={t.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
