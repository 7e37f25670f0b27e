import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LiveRefresh } from "@/components/instances/live-refresh";
import { StatusBadge } from "@/components/instances/status-badge";
import { UsageChart } from "@/components/instances/usage-chart";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { db } from "@/lib/db";
import { canceledPlanDates } from "@/lib/billing/cancel-notice";
import { instanceSubscription } from "@/lib/billing/queries";
import { listActivePlans } from "@/lib/catalog/queries";
import { accessHistory, instanceKeys, ownerKeys } from "@/lib/instances/queries";
import { daysUntil, formatBytes, formatCpu, formatDate, formatDateTime, formatMemory } from "@/lib/format";
import { allows } from "@/lib/instances/actions-allowed";
import { listBackups } from "@/lib/instances/backups";
import { hostUnreachable } from "@/lib/instances/host-down";
import { listEvents } from "@/lib/instances/events";
import { loadOwnedInstance } from "@/lib/instances/load";
import { instanceUrl, sshCommand } from "@/lib/instances/spec";
import { TRANSITIONAL } from "@/lib/instances/transitions";
import { requireUser } from "@/lib/session";
import { BackupsPanel, KeysPanel, TerminatePanel } from "./_components/instance-panels";
import { ResizePanel } from "./_components/resize-panel";
import { AccessHistory, Timeline } from "./_components/timeline";
import { UpgradePanel } from "./_components/upgrade-panel";

export const metadata: Metadata = { title: "Instance" };

export default async function InstancePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { id } = await params;
  const { checkout } = await searchParams;
  const user = await requireUser(`/instances/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  if (!parts) notFound();
  const { instance, plan, stack, host } = parts;
  const [events, backups, attached, available, plans, access, subscription] = await Promise.all([
    listEvents(db, id),
    listBackups(db, id),
    instanceKeys(db, id),
    ownerKeys(db, user.id),
    listActivePlans(db),
    accessHistory(db, id),
    instanceSubscription(db, user.id, id),
  ]);
  const canceled =
    subscription?.cancelAtPeriodEnd && subscription.currentPeriodEnd
      ? canceledPlanDates(subscription.currentPeriodEnd)
      : null;
  const live = instance.status !== "terminated";
  const url = host && instance.readyAt ? instanceUrl({ instance, stack, host }) : null;
  const trialDaysLeft = instance.trialEndsAt ? daysUntil(instance.trialEndsAt) : null;
  const requestId = randomUUID();

  return (
    <div className="space-y-6">
      <LiveRefresh
        intervalMs={TRANSITIONAL.includes(instance.status) || backups.some((b) => b.status === "pending") ? 1500 : 5000}
      />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{instance.name}</h1>
        <StatusBadge status={instance.status} />
      </div>
      {hostUnreachable(instance.status, host?.status) ? (
        <Alert tone="error">
          Unreachable: the server this instance runs on stopped answering
          {host?.lastSeenAt ? ` after ${formatDateTime(host.lastSeenAt)}` : ""}. Its data is kept, and our team has been
          alerted and is bringing it back.
        </Alert>
      ) : null}
      {instance.status === "failed" && instance.failureReason ? (
        <Alert tone="error">This instance could not start: {instance.failureReason} Our team has been told.</Alert>
      ) : null}
      {instance.diskOverLimitAt && live ? (
        <Alert tone="warning">
          This instance uses {formatBytes(instance.diskUsedBytes ?? 0)}, more than the {plan.diskGb} GB of its plan.
          Delete files you no longer need, or resize to a plan with more disk.
        </Alert>
      ) : null}
      {instance.memoryPressureAt && instance.status === "running" ? (
        <Alert tone="warning">
          This instance has used more than 90% of its plan&apos;s {plan.memoryMb} MB of memory for ten minutes. When it
          reaches the limit, the process asking for more is stopped: resize to a plan with more memory to give it room.
        </Alert>
      ) : null}
      {instance.status === "suspended" && instance.suspendedByStaff ? (
        <Alert tone="error">
          Our staff suspended this instance: {instance.suspensionReason} It is stopped and its data is kept. Only staff
          can start it again:{" "}
          <Link className="underline" href="/tickets/new">
            open a support ticket
          </Link>{" "}
          and tell us what you changed or what you need.
        </Alert>
      ) : instance.status === "suspended" && instance.suspensionReason ? (
        <Alert tone="warning">Suspended: {instance.suspensionReason} Its data is kept.</Alert>
      ) : null}
      {canceled && live ? (
        <Alert tone="warning">
          The plan is canceled: this instance runs until {formatDate(canceled.endsOn)}, then it is stopped. Its data is
          kept until {formatDate(canceled.keptUntil)}, then deleted. To keep it, choose “Keep renewing” on the{" "}
          <Link className="underline" href="/billing">
            billing page
          </Link>
          .
        </Alert>
      ) : null}
      {instance.status === "provisioning" || instance.status === "starting" ? (
        <Alert tone="info">We are starting your instance and email you as soon as it works.</Alert>
      ) : null}
      <Card>
        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          {live ? (
            <div>
              <dt className="text-slate-500">URL</dt>
              <dd>
                {url && instance.status === "running" ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <a className="break-all underline" href={url}>
                      {url}
                    </a>
                    <CopyButton value={url} label="Copy the URL" />
                  </span>
                ) : url ? (
                  <span className="break-all text-slate-600">
                    {url} (not served while it is {instance.status})
                  </span>
                ) : (
                  "Available once it is ready"
                )}
              </dd>
            </div>
          ) : null}
          {live ? (
            <div>
              <dt className="text-slate-500">SSH</dt>
              <dd>
                {instance.readyAt ? (
                  <span className="flex flex-wrap items-center gap-2">
                    <code className="break-all font-mono text-xs" data-testid="ssh-command">
                      {sshCommand(instance.slug)}
                    </code>
                    <CopyButton value={sshCommand(instance.slug)} label="Copy the ssh command" />
                  </span>
                ) : (
                  "Available once it is ready"
                )}
              </dd>
            </div>
          ) : (
            <div>
              <dt className="text-slate-500">Terminated</dt>
              <dd>{instance.terminatedAt ? formatDate(instance.terminatedAt) : "Yes"}: it can no longer be reached.</dd>
            </div>
          )}
          <div>
            <dt className="text-slate-500">Stack</dt>
            <dd>{stack.name}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Plan</dt>
            <dd>{plan.name}</dd>
          </div>
          {live ? (
            <div>
              <dt className="text-slate-500">Disk</dt>
              <dd data-testid="disk-usage">
                {instance.diskUsedBytes === null
                  ? `${plan.diskGb} GB; usage is measured every 10 minutes`
                  : `${formatBytes(instance.diskUsedBytes)} of ${plan.diskGb} GB used`}
              </dd>
            </div>
          ) : null}
          {instance.isTrial ? (
            <div>
              <dt className="text-slate-500">Free trial</dt>
              <dd>
                {trialDaysLeft === null
                  ? "Starts when the instance is ready"
                  : `${trialDaysLeft} day${trialDaysLeft === 1 ? "" : "s"} left (until ${formatDate(instance.trialEndsAt!)})`}
              </dd>
            </div>
          ) : null}
        </dl>
      </Card>
      {instance.status === "running" ? (
        <Card>
          <CardHeader
            title="Usage"
            description="The last hour, sampled every few seconds, against the plan's limits."
          />
          <UsageChart instanceId={id} cpuLimit={plan.cpu} />
        </Card>
      ) : null}
      {allows("checkout", instance) ? (
        <UpgradePanel instance={instance} plan={plan} canceled={checkout === "canceled"} />
      ) : null}
      {allows("resize", instance) ? (
        <ResizePanel
          instanceId={id}
          requestId={requestId}
          current={plan.id}
          paid={!instance.isTrial}
          description={`${plan.name}: ${formatCpu(plan.cpu)}, ${formatMemory(plan.memoryMb)} memory, ${plan.diskGb} GB disk.`}
          plans={plans.map((p) => ({ id: p.id, label: `${p.name}: ${formatCpu(p.cpu)}, ${formatMemory(p.memoryMb)}` }))}
        />
      ) : null}
      {live ? <KeysPanel instanceId={id} attached={attached} available={available} /> : null}
      <BackupsPanel
        instanceId={id}
        requestId={requestId}
        backups={backups}
        canBackUp={allows("backup", instance)}
        canRestore={allows("restore", instance)}
      />
      <AccessHistory rows={access} />
      <Timeline events={events} />
      {allows("terminate", instance) ? (
        <TerminatePanel instanceId={id} name={instance.name} hasData={!!instance.containerId} />
      ) : null}
    </div>
  );
}
