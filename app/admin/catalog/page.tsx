import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { catalogUsage } from "@/lib/admin/queries/catalog";
import { formatMemory, formatMoney } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { ItemControls } from "./item-controls";

export const metadata: Metadata = { title: "Catalog" };

export default async function AdminCatalogPage() {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { plans, stacks } = await catalogUsage(db);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Catalog</h1>
      <Card>
        <div className="flex items-start justify-between"><CardHeader title="Plans" /><ButtonLink href="/admin/catalog/plans/new" variant="secondary">New plan</ButtonLink></div>
        <ul aria-label="Plans" className="divide-y divide-slate-100">
          {plans.map((p) => (
            <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
              <div>
                <Link className="font-medium underline" href={`/admin/catalog/plans/${p.id}`}>{p.name}</Link> <code className="text-xs">{p.slug}</code>
                {p.active ? null : <span className="ml-2 rounded bg-slate-200 px-2 text-xs">retired</span>}
                <p className="text-slate-600">{p.cpu} vCPU · {formatMemory(p.memoryMb)} · {p.diskGb} GB · {formatMoney(p.priceCents, p.currency)}/month · {p.trialDays} trial days · {p.liveInstances} live instance(s)</p>
              </div>
              <ItemControls kind="plan" id={p.id} name={p.name} active={p.active} />
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <div className="flex items-start justify-between"><CardHeader title="Stacks" /><ButtonLink href="/admin/catalog/stacks/new" variant="secondary">New stack</ButtonLink></div>
        <ul aria-label="Stacks" className="divide-y divide-slate-100">
          {stacks.map((s) => (
            <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
              <div>
                <Link className="font-medium underline" href={`/admin/catalog/stacks/${s.id}`}>{s.name}</Link> <code className="text-xs">{s.slug}</code>
                {s.active ? null : <span className="ml-2 rounded bg-slate-200 px-2 text-xs">retired</span>}
                <p className="text-slate-600">{s.kind} · <code>{s.image}</code> · port {s.port} · {s.liveInstances} live instance(s)</p>
              </div>
              <ItemControls kind="stack" id={s.id} name={s.name} active={s.active} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
