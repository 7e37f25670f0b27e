import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { db } from "@/lib/db";
import Link from "next/link";
import { listAudit } from "@/lib/admin/queries/audit-log";
import { auditTargets, type AuditTarget } from "@/lib/admin/queries/audit-targets";
import { decodeCursor } from "@/lib/admin/keyset";
import { requireStaff } from "@/lib/session";
import { one, when, type SearchParams } from "../_components/format";
import { Pager } from "../_components/pager";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Audit log" };

const day = (s: string | undefined) => (s && /^\d{4}-\d\d-\d\d$/.test(s) ? s : undefined);

export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const params = await searchParams;
  const actor = one(params.actor);
  const action = one(params.action);
  const from = day(one(params.from));
  const to = day(one(params.to));
  const cursor = decodeCursor(one(params.cursor));
  // The "to" day is included: entries before the start of the next day.
  const toExclusive = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : undefined;
  const page = await listAudit(db, {
    actorEmail: actor,
    action,
    from: from ? new Date(`${from}T00:00:00Z`) : undefined,
    to: toExclusive,
    cursor,
  });
  const targets = await auditTargets(db, page.items);
  const field = (id: string, label: string, type: string, value: string | undefined) => (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} name={id} type={type} defaultValue={value} className={inputClass} />
    </div>
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <form
        role="search"
        aria-label="Filter audit log"
        action="/admin/audit"
        className="grid items-end gap-3 sm:grid-cols-5"
      >
        {field("actor", "Actor email", "email", actor)}
        {field("action", "Action", "text", action)}
        {field("from", "From (UTC)", "date", from)}
        {field("to", "To (UTC)", "date", to)}
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
      <Card>
        <ListTable
          caption="Audit entries, newest first"
          columns={["When", "Actor", "Action", "Target", "IP", "Details"]}
          empty="No entries match."
        >
          {page.items.map((a) => (
            <tr key={a.id} className="align-top">
              <td className="whitespace-nowrap py-2 pr-4">{when(a.createdAt)}</td>
              <td className="py-2 pr-4">{a.actorEmail ?? "—"}</td>
              <td className="py-2 pr-4 font-medium">{a.action}</td>
              <td className="py-2 pr-4 [overflow-wrap:anywhere]" data-testid="audit-target">
                <AuditTargetCell
                  type={a.targetType}
                  id={a.targetId}
                  target={targets.get(`${a.targetType}:${a.targetId}`)}
                />
              </td>
              <td className="py-2 pr-4">{a.ip ?? "—"}</td>
              <td className="max-w-xs truncate py-2 font-mono text-xs" title={JSON.stringify(a.details)}>
                {JSON.stringify(a.details)}
              </td>
            </tr>
          ))}
        </ListTable>
        <Pager path="/admin/audit" params={{ actor, action, from, to }} next={page.next} hasCursor={Boolean(cursor)} />
      </Card>
    </div>
  );
}

// The record's name, linked to its staff page; a deleted record shows its kind and id.
function AuditTargetCell({ type, id, target }: { type: string; id: string | null; target?: AuditTarget }) {
  const kind = type.replaceAll("_", " ");
  if (!target)
    return (
      <>
        {id ? (
          <>
            {kind} <code className="text-xs">{id.slice(0, 36)}</code>
          </>
        ) : (
          kind
        )}
      </>
    );
  return (
    <>
      {kind}{" "}
      {target.href ? (
        <Link className="underline" href={target.href}>
          {target.label}
        </Link>
      ) : (
        target.label
      )}
    </>
  );
}
