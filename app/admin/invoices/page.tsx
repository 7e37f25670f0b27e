import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { db } from "@/lib/db";
import { decodeInvoiceCursor, INVOICE_STATUSES, listInvoices, type InvoiceStatus } from "@/lib/admin/queries/invoices";
import { dunningLabel, dunningStages } from "@/lib/billing/dunning-stage";
import { formatDate, formatMoney } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { one, when, type SearchParams } from "../_components/format";
import { Pager } from "../_components/pager";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Invoices" };
const day = (d: Date | null) => (d ? formatDate(d) : "—");

// Every mirrored invoice: failing ones first, then newest first; each with its subscription's dunning stage.
export default async function AdminInvoicesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const params = await searchParams;
  const status = INVOICE_STATUSES.find((s) => s === one(params.status)) as InvoiceStatus | undefined;
  const email = one(params.email);
  const cursor = decodeInvoiceCursor(one(params.cursor));
  const page = await listInvoices(db, { status, email, cursor });
  const stageOf = await dunningStages(
    db,
    page.items.map((i) => i.stripeSubscriptionId),
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Invoices</h1>
      <form
        role="search"
        aria-label="Filter invoices"
        action="/admin/invoices"
        className="grid items-end gap-3 sm:grid-cols-3"
      >
        <div className="space-y-1">
          <label htmlFor="email" className="block text-sm font-medium">
            Customer email
          </label>
          <input id="email" name="email" type="search" defaultValue={email} className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="status" className="block text-sm font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={status ?? ""} className={inputClass}>
            <option value="">Any</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
      <Card>
        <ListTable
          caption="Invoices, failing ones first, then newest first"
          columns={["Invoice", "Customer", "Instance", "Amount", "Status", "Dunning", "Period", "Due", "Created"]}
          empty="No invoices match."
        >
          {page.items.map((i) => (
            <tr key={i.id} className={i.failing ? "bg-red-50 align-top" : "align-top"} data-testid="invoice-row">
              <td className="py-2 pr-4">{i.number ?? <code className="text-xs">{i.stripeInvoiceId}</code>}</td>
              <td className="py-2 pr-4 break-all">
                <Link className="underline" href={`/admin/users/${i.userId}`}>
                  {i.customerEmail}
                </Link>
              </td>
              <td className="py-2 pr-4">
                {i.instanceId ? (
                  <Link className="underline" href={`/admin/instances/${i.instanceId}`}>
                    {i.instanceName}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">
                {formatMoney(i.total, i.currency)}
                {i.amountRemaining > 0 && i.amountRemaining !== i.total ? (
                  <span className="block text-xs text-slate-500">
                    {formatMoney(i.amountRemaining, i.currency)} unpaid
                  </span>
                ) : null}
              </td>
              <td className="py-2 pr-4">
                {i.failing ? (
                  <span className="font-medium text-red-700">
                    {i.status === "open" ? (i.attemptCount > 0 ? "payment failed" : "past due") : i.status}
                  </span>
                ) : (
                  i.status
                )}
              </td>
              <td className="py-2 pr-4" data-testid="dunning-stage">
                {dunningLabel(stageOf(i.stripeSubscriptionId))}
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">
                {day(i.periodStart)} – {day(i.periodEnd)}
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">{i.paidAt ? `paid ${day(i.paidAt)}` : day(i.dueDate)}</td>
              <td className="py-2 whitespace-nowrap">{when(i.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
        <Pager path="/admin/invoices" params={{ status, email }} next={page.next} hasCursor={Boolean(cursor)} />
      </Card>
    </div>
  );
}
