import { instanceStatusLabel } from "@/components/instances/status-badge";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { UsageChart } from "@/components/instances/usage-chart";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { instanceBilling } from "@/lib/admin/queries/instance-billing";
import { instanceDetail } from "@/lib/admin/queries/instances";
import { formatBytes, formatMemory, formatMoney, statusWords } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { when } from "../../_components/format";
import { SimpleTable } from "../../_components/simple-table";
import { InstanceCommands } from "./instance-commands";

export const metadata: Metadata = { title: "Instance" };

export default async function AdminInstancePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  const d = /^[0-9a-f-]{36}$/.test(id) ? await instanceDetail(db, id) : null;
  if (!d) notFound();
  const billing = await instanceBilling(db, id);
  const { instance: i, owner, plan, stack, host } = d;
  const facts: [string, React.ReactNode][] = [
    [
      "Status",
      <span key="s" data-testid="instance-status">
        {instanceStatusLabel(i.status)}
      </span>,
    ],
    ["Desired state", i.desiredState],
    [
      "Owner",
      <Link key="o" className="underline" href={`/admin/users/${owner.id}`}>
        {owner.email}
      </Link>,
    ],
    ["Plan", `${plan.name} (${formatMemory(plan.memoryMb)})`],
    ["Stack", stack.name],
    ["Host", host ? `${host.name} (${host.status})` : "—"],
    [
      "Container",
      i.containerId ? (
        <code key="c" className="text-xs">
          {i.containerId.slice(0, 12)}
        </code>
      ) : (
        "—"
      ),
    ],
    ["Port", i.port ?? "—"],
    ["Kind", i.isTrial ? `trial, ends ${when(i.trialEndsAt)}` : "paid"],
    ["Created", when(i.createdAt)],
    ["Ready", when(i.readyAt)],
    ["Failure", i.failureReason ?? "—"],
  ];
  const live = i.status !== "terminated";
  const diskUsed = formatBytes(i.diskUsedBytes ?? 0);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">
        {i.name} <span className="font-mono text-base font-normal text-slate-500">{i.slug}</span>
      </h1>
      {i.diskOverLimitAt && live ? (
        <Alert tone="warning">
          Over its disk since {when(i.diskOverLimitAt)}: it uses {diskUsed} of its plan&apos;s {plan.diskGb} GB. The
          customer was emailed once.
        </Alert>
      ) : i.diskNearLimitAt && live ? (
        <Alert tone="warning">
          Near its disk limit since {when(i.diskNearLimitAt)}: it uses {diskUsed}, above 90% of its plan&apos;s{" "}
          {plan.diskGb} GB. The customer was emailed once and sees a banner suggesting a bigger plan.
        </Alert>
      ) : null}
      {i.memoryPressureAt && i.status === "running" ? (
        <Alert tone="warning">
          Near its memory limit since {when(i.memoryPressureAt)}: above 90% of its plan&apos;s {plan.memoryMb} MB for
          ten minutes. The customer was emailed once and sees a banner suggesting a bigger plan.
        </Alert>
      ) : null}
      <Card>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs uppercase text-slate-500">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <SimpleTable
        title="Subscription"
        columns={["Stripe id", "Status", "Plan", "Period ends", "Renews", "Ended"]}
        empty={i.isTrial ? "None: this is a free trial." : "No subscription."}
        rows={billing.subscriptions.map(({ subscription: s, plan: planName }) => ({
          key: s.id,
          cells: [
            <code key="c" className="text-xs">
              {s.stripeSubscriptionId}
            </code>,
            statusWords(s.status),
            planName ?? "—",
            when(s.currentPeriodEnd),
            s.endedAt ? "—" : s.cancelAtPeriodEnd ? "No: cancels at period end" : "Yes",
            when(s.endedAt),
          ],
        }))}
      />
      <SimpleTable
        title="Invoices"
        columns={["Number", "Status", "Total", "Paid", "Refunded", "Remaining", "Created"]}
        empty="No invoices."
        rows={billing.invoices.map((inv) => ({
          key: inv.id,
          cells: [
            inv.number ?? inv.stripeInvoiceId,
            statusWords(inv.status),
            formatMoney(inv.total, inv.currency),
            formatMoney(inv.amountPaid, inv.currency),
            formatMoney(inv.creditedAmount, inv.currency),
            formatMoney(inv.amountRemaining, inv.currency),
            when(inv.stripeCreatedAt),
          ],
        }))}
      />
      <Card>
        <CardHeader title="Usage" description="The last hour, as the customer sees it, against the plan's limits." />
        <UsageChart
          instanceId={i.id}
          cpuLimit={plan.cpu}
          diskGb={plan.diskGb}
          diskUsedBytes={i.diskUsedBytes}
          streamUrl={`/admin/instances/${i.id}/metrics`}
          networkMeasured={host?.networkMode !== "isolated"}
        />
      </Card>
      <Card>
        <CardHeader title="Staff actions" description="Each one queues its job and is recorded in the audit log." />
        <InstanceCommands instance={i} />
      </Card>
      <Card>
        <CardHeader title="Timeline" description="Newest first, as the customer sees it." />
        <ol aria-label="Timeline" className="divide-y divide-slate-100 text-sm">
          {d.events.map((e) => (
            <li key={e.id} className="py-2">
              <span className="text-xs text-slate-500">
                {when(e.createdAt)} · {e.type}
                {e.actor ? ` · ${e.actor}` : ""}
              </span>
              <span className="block">{e.message}</span>
            </li>
          ))}
        </ol>
      </Card>
      <SimpleTable
        title="Access history"
        columns={["Started", "User", "Key", "From", "Command", "Exit"]}
        empty="Nobody has connected over SSH."
        rows={d.sessions.map((s) => ({
          key: s.id,
          cells: [
            when(s.startedAt),
            s.user ?? "—",
            <code key="k" className="text-xs">
              {s.keyFingerprint}
            </code>,
            s.remoteAddress ?? "—",
            s.command ?? "shell",
            s.exitCode ?? (s.endedAt ? "—" : "open"),
          ],
        }))}
      />
      <SimpleTable
        title="Backups"
        columns={["Created", "Kind", "Status", "Size", "Expires"]}
        empty="No backups."
        rows={d.backups.map((b) => ({
          key: b.id,
          cells: [
            when(b.createdAt),
            b.kind,
            b.error ? `${b.status}: ${b.error}` : b.status,
            b.sizeBytes ? formatBytes(b.sizeBytes) : "—",
            when(b.expiresAt),
          ],
        }))}
      />
      <SimpleTable
        title="Drift"
        columns={["Kind", "Detected", "Last seen", "Resolved", "Details"]}
        empty="The reconciler found nothing wrong with this instance."
        rows={d.drift.map((f) => ({
          key: f.id,
          cells: [
            f.kind,
            when(f.detectedAt),
            when(f.lastSeenAt),
            when(f.resolvedAt),
            <code key="d" className="text-xs">
              {JSON.stringify(f.details)}
            </code>,
          ],
        }))}
      />
    </div>
  );
}
