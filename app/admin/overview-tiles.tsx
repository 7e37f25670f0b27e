import { instanceStatusLabel } from "@/components/instances/status-badge";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { overviewStats } from "@/lib/admin/queries/overview";
import { formatMoney } from "@/lib/format";

export type Tile = { label: string; value: React.ReactNode; href?: string };

export function Tiles({ label, tiles }: { label: string; tiles: Tile[] }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
      {tiles.map((t) => (
        <div key={t.label} className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-xs font-medium uppercase text-slate-500">
            {t.href ? (
              <Link className="underline" href={t.href}>
                {t.label}
              </Link>
            ) : (
              t.label
            )}
          </dt>
          <dd className="mt-1 text-2xl font-semibold">{t.value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Stats = Awaited<ReturnType<typeof overviewStats>>;

// Billing is mirrored from Stripe: MRR is the plan price of every active, trialing or past-due subscription.
export function businessTiles(s: Stats): Tile[] {
  const mrr =
    s.mrr.length === 0 ? formatMoney(0, "usd") : s.mrr.map((m) => formatMoney(m.cents, m.currency)).join(" + ");
  return [
    { label: "Customers", value: s.customers, href: "/admin/users" },
    { label: "Trials", value: s.trials },
    { label: "Paid instances", value: s.paidInstances },
    { label: "MRR", value: mrr },
    { label: "Failing payments", value: s.failingPayments.count, href: "/admin/invoices?status=open" },
    { label: "Open tickets", value: s.openTickets },
  ];
}

export function InstancesByStatus({ byStatus }: { byStatus: Stats["byStatus"] }) {
  return (
    <Card>
      <CardHeader title="Instances by status" />
      {byStatus.length === 0 ? (
        <p className="text-sm text-slate-600">No instances yet.</p>
      ) : (
        <ul aria-label="Instances by status" className="flex flex-wrap gap-3 text-sm">
          {byStatus.map((s) => (
            <li key={s.status}>
              <Link
                className="rounded-md border border-slate-200 px-3 py-1.5 hover:bg-slate-50"
                href={`/admin/instances?status=${s.status}`}
              >
                {instanceStatusLabel(s.status)}: <strong>{s.count}</strong>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
