import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listOwnerInvoices } from "@/lib/billing/queries";
import { formatDate, formatMoney } from "@/lib/format";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Invoices" };

export default async function InvoicesPage() {
  const user = await requireUser("/billing/invoices");
  const rows = await listOwnerInvoices(db, user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Invoices</h1>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">No invoices yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-2">Invoice</th>
                <th>Date</th>
                <th>Status</th>
                <th className="text-right">Total</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((i) => (
                <tr key={i.id}>
                  <td className="py-2">
                    <Link className="underline" href={`/billing/invoices/${i.id}`}>
                      {i.number ?? "Draft"}
                    </Link>
                  </td>
                  <td>{formatDate(i.stripeCreatedAt)}</td>
                  <td>{i.status}</td>
                  <td className="text-right">{formatMoney(i.total, i.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
