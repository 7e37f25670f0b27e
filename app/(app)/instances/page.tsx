import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/instances/status-badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { formatBytes, formatDate } from "@/lib/format";
import { listOwnedInstances, listTerminatedInstances } from "@/lib/instances/queries";
import { describeAllowance, instanceAllowance } from "@/lib/instances/limit";
import { trialUsedBy } from "@/lib/instances/trial-used";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const user = await requireUser("/instances");
  const [rows, terminated, trialUsed, allowance] = await Promise.all([
    listOwnedInstances(db, user.id),
    listTerminatedInstances(db, user.id),
    trialUsedBy(db, user.id),
    instanceAllowance(db, user.id),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Instances</h1>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-600" data-testid="instance-allowance">
            {describeAllowance(allowance)}
          </span>
          <ButtonLink href="/instances/new">New instance</ButtonLink>
        </div>
      </div>
      {rows.length === 0 ? (
        <Card>
          <p className="text-slate-700">
            {terminated.length ? "You have no running instances." : "You have no instances yet."}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {trialUsed
              ? "Create a paid instance: pick a stack and a plan, pay through Stripe, and we email you when it works."
              : "Start your free trial instance: pick a stack and a plan, and we email you when it works."}
          </p>
        </Card>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {rows.map(({ instance, plan, stack }) => (
            <li key={instance.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <div>
                <Link
                  href={`/instances/${instance.id}`}
                  className="font-medium text-slate-900 underline-offset-2 hover:underline"
                >
                  {instance.name}
                </Link>
                <p className="text-sm text-slate-600">
                  {stack.name} · {plan.name}
                  {instance.isTrial ? " · free trial" : ""}
                </p>
              </div>
              <StatusBadge status={instance.status} />
            </li>
          ))}
        </ul>
      )}
      {terminated.length ? (
        <section className="space-y-2" aria-labelledby="terminated-heading">
          <h2 id="terminated-heading" className="text-lg font-semibold">
            Terminated
          </h2>
          <ul
            aria-label="Terminated instances"
            className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm"
          >
            {terminated.map(({ instance, backup }) => (
              <li key={instance.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <div>
                  <Link href={`/instances/${instance.id}`} className="font-medium underline-offset-2 hover:underline">
                    {instance.name}
                  </Link>
                  <p className="text-slate-600">
                    {instance.terminatedAt ? `Terminated on ${formatDate(instance.terminatedAt)}. ` : ""}
                    {backup
                      ? `Final backup${backup.sizeBytes === null ? "" : ` (${formatBytes(backup.sizeBytes)})`} kept until ${backup.expiresAt ? formatDate(backup.expiresAt) : "further notice"}.`
                      : "No backup is kept."}
                  </p>
                </div>
                {backup ? (
                  <a className="underline" href={`/instances/${instance.id}/backups/${backup.id}`} download>
                    Download the final backup
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
