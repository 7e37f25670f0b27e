import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { hasInvoicePdf } from "@/lib/billing/invoice-documents";
import { getOwnerInvoice } from "@/lib/billing/queries";
import { formatDate, formatMoney } from "@/lib/format";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Invoice" };

const day = (d: Date | string | null) => (d ? formatDate(d) : "—");

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/billing/invoices/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const row = await getOwnerInvoice(db, user.id, id);
  if (!row) notFound();
  const { invoice: i, instanceName } = row;
  const pdf = await hasInvoicePdf(db, i.id);
  const money = (cents: number) => formatMoney(cents, i.currency);
  return (
    <div className="space-y-6">
      <Link className="text-sm underline" href="/billing/invoices">
        All invoices
      </Link>
      <h1 className="text-2xl font-bold">Invoice {i.number ?? "(draft)"}</h1>
      <Card>
        <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="invoice-status">{i.status}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Date</dt>
            <dd>{day(i.stripeCreatedAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{i.paidAt ? "Paid" : "Due"}</dt>
            <dd>{day(i.paidAt ?? i.dueDate ?? i.nextPaymentAttempt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Instance</dt>
            <dd>{instanceName ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Period</dt>
            <dd data-testid="invoice-period">
              {day(i.periodStart)} – {day(i.periodEnd)}
            </dd>
          </div>
        </dl>
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2">Description</th>
              <th>Period</th>
              <th className="text-right">Amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {i.lines.map((l, n) => (
              <tr key={n}>
                <td className="py-2">
                  {l.description}
                  {l.proration ? " (prorated)" : ""}
                </td>
                <td data-testid="line-period">
                  {day(l.periodStart)} – {day(l.periodEnd)}
                </td>
                <td className="text-right">{money(l.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="text-right">
            <tr>
              <td colSpan={2} className="pt-3">
                Subtotal
              </td>
              <td className="pt-3">{money(i.subtotal)}</td>
            </tr>
            {i.discounts.map((d, n) => (
              <tr key={n}>
                <td colSpan={2}>{d.name === "Discount" ? "Discount" : `Discount (${d.name})`}</td>
                <td>−{money(d.amount)}</td>
              </tr>
            ))}
            <tr>
              <td colSpan={2}>Tax</td>
              <td>{money(i.tax)}</td>
            </tr>
            <tr className="font-semibold">
              <td colSpan={2}>Total</td>
              <td data-testid="invoice-total">{money(i.total)}</td>
            </tr>
            {i.startingBalance ? (
              <tr>
                <td colSpan={2}>Applied balance</td>
                <td>{money(i.startingBalance)}</td>
              </tr>
            ) : null}
            <tr>
              <td colSpan={2}>Amount paid</td>
              <td>{money(i.amountPaid)}</td>
            </tr>
            {i.creditedAmount ? (
              <tr>
                <td colSpan={2}>Refunded</td>
                <td data-testid="invoice-refunded">−{money(i.creditedAmount)}</td>
              </tr>
            ) : null}
            <tr>
              <td colSpan={2}>Amount remaining</td>
              <td>{money(i.amountRemaining)}</td>
            </tr>
          </tfoot>
        </table>
        <p className="mt-4 flex flex-wrap gap-4 text-sm">
          {pdf ? (
            <a className="underline" href={`/billing/invoices/${i.id}/pdf`} download>
              Download the invoice (PDF)
            </a>
          ) : null}
          {i.hostedInvoiceUrl ? (
            <a className="underline" href={i.hostedInvoiceUrl}>
              View or pay on Stripe
            </a>
          ) : null}
          {i.invoicePdf ? (
            <a className="underline" href={i.invoicePdf}>
              Stripe&apos;s PDF
            </a>
          ) : null}
        </p>
      </Card>
    </div>
  );
}
