import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { catalogUsage } from "@/lib/admin/queries/catalog";
import { formatMemory, formatMoney } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { listUpgrades } from "@/lib/admin/upgrades";
import { ButtonForm } from "../_components/button-form";
import { when } from "../_components/format";
import { rollOutStackAction } from "./actions";
import { ItemControls } from "./item-controls";

export const metadata: Metadata = { title: "Catalog" };

type Item = { id: string; name: string; slug: string; active: boolean };

// Plans and stacks are listed alike: a link to the edit page, the slug, what it offers and the retire/delete buttons.
function CatalogList<T extends Item>({
  kind,
  items,
  describe,
}: {
  kind: "plan" | "stack";
  items: T[];
  describe: (item: T) => React.ReactNode;
}) {
  const title = kind === "plan" ? "Plans" : "Stacks";
  return (
    <Card>
      <div className="flex items-start justify-between">
        <CardHeader title={title} />
        <ButtonLink href={`/admin/catalog/${kind}s/new`} variant="secondary">
          New {kind}
        </ButtonLink>
      </div>
      <ul aria-label={title} className="divide-y divide-slate-100">
        {items.map((item) => (
          <li key={item.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
            <div>
              <Link className="font-medium underline" href={`/admin/catalog/${kind}s/${item.id}`}>
                {item.name}
              </Link>{" "}
              <code className="text-xs">{item.slug}</code>
              {item.active ? null : <span className="ml-2 rounded bg-slate-200 px-2 text-xs">retired</span>}
              <p className="text-slate-600">{describe(item)}</p>
            </div>
            <ItemControls kind={kind} id={item.id} name={item.name} active={item.active} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default async function AdminCatalogPage() {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const [{ plans, stacks }, upgrades] = await Promise.all([catalogUsage(db), listUpgrades(db)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Catalog</h1>
      <CatalogList
        kind="plan"
        items={plans}
        describe={(p) =>
          `${p.cpu} vCPU · ${formatMemory(p.memoryMb)} · ${p.diskGb} GB · ${formatMoney(p.priceCents, p.currency)}/month · ${p.trialDays} trial days · ${p.liveInstances} live instance(s)`
        }
      />
      <CatalogList
        kind="stack"
        items={stacks}
        describe={(s) => (
          <>
            {s.kind} · <code>{s.image}</code> · port {s.port} · {s.liveInstances} live instance(s)
            <span className="mt-2 block">
              <ButtonForm
                action={rollOutStackAction}
                fields={{ stackId: s.id }}
                label={`Roll ${s.name}'s image out to its running instances`}
                variant="secondary"
              />
            </span>
          </>
        )}
      />
      <Card>
        <CardHeader
          title="Rollouts"
          description="Each running instance is backed up, restarted on the new image and health-checked; one that does not answer is rolled back. A wave with more than a fifth rolled back stops the rollout. Instances whose customer chose a maintenance window are upgraded in it."
        />
        <ul aria-label="Rollouts" className="divide-y divide-slate-100 text-sm">
          {upgrades.length === 0 ? <li className="py-2 text-slate-600">No rollout yet.</li> : null}
          {upgrades.map((u) => (
            <li key={u.id} className="py-2">
              <span className="font-medium">{u.stack}</span> → <code>{u.image}</code> · {u.status} · wave {u.wave} ·{" "}
              {u.upgraded} upgraded, {u.rolledBack} rolled back of {u.total}
              {u.waiting ? ` · ${u.waiting} waiting for their maintenance window` : ""}
              {u.cancelled ? ` · ${u.cancelled} cancelled` : ""}
              {u.maxDowntimeMs !== null ? ` · longest downtime ${u.maxDowntimeMs} ms` : ""} · {when(u.createdAt)}
              {u.error ? <p className="text-red-700">{u.error}</p> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
