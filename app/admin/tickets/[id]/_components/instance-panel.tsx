import Link from "next/link";
import { StatusBadge } from "@/components/instances/status-badge";
import { formatWhen } from "@/components/support/ticket-thread";
import { Card, CardHeader } from "@/components/ui/card";
import type { Host, Instance, InstanceEvent, Plan } from "@/db/schema";

type Parts = { instance: Instance; plan: Plan; host: Host | null };

// What staff need beside the thread to answer an instance question without leaving the ticket.
export function InstancePanel({ parts, events }: { parts: Parts; events: InstanceEvent[] }) {
  const { instance, plan, host } = parts;
  return (
    <Card>
      <CardHeader
        title="Instance"
        description={
          <Link className="underline" href={`/admin/instances/${instance.id}`}>
            {instance.name}
          </Link>
        }
      />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="instance-details">
        <dt className="text-slate-500">Status</dt>
        <dd>
          <StatusBadge status={instance.status} />
        </dd>
        <dt className="text-slate-500">Plan</dt>
        <dd>
          {plan.name}
          {instance.isTrial ? " (free trial)" : ""}
        </dd>
        <dt className="text-slate-500">Host</dt>
        <dd className="break-all">{host?.name ?? "Not placed"}</dd>
        <dt className="text-slate-500">Slug</dt>
        <dd className="break-all font-mono text-xs">{instance.slug}</dd>
      </dl>
      <h3 className="mb-2 mt-4 text-sm font-semibold text-slate-900">Recent timeline</h3>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No events yet.</p>
      ) : (
        <ol className="space-y-2 text-sm" aria-label="Instance timeline">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.createdAt.toISOString()} className="block text-xs text-slate-500">
                {formatWhen(e.createdAt)}
              </time>
              <span className="text-slate-800 [overflow-wrap:anywhere]">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
