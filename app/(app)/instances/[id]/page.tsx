import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { DeploySummary } from "@/components/instances/deploy-summary";
import { HostKeyFingerprint } from "@/components/instances/host-key-fingerprint";
import { UsageChart } from "@/components/instances/usage-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { db } from "@/lib/db";
import { daysUntil, formatBytes, formatDate } from "@/lib/format";
import { allows } from "@/lib/instances/actions-allowed";
import { listEvents } from "@/lib/instances/events";
import { instanceUrl, sshCommand } from "@/lib/instances/spec";
import { loadInstancePage } from "./_components/load-instance";
import { Timeline } from "./_components/timeline";
import { RestartPanel } from "./_components/instance-panels";
import { UpgradePanel } from "./_components/upgrade-panel";

export const metadata: Metadata = { title: "Instance" };

// Overview: where the instance answers, how to reach it, what it uses and what happened to it.
export default async function InstanceOverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { id } = await params;
  const { checkout } = await searchParams;
  const { instance, plan, stack, host } = await loadInstancePage(id);
  const events = await listEvents(db, id);
  const live = instance.status !== "terminated";
  const url = host && instance.readyAt ? instanceUrl({ instance, stack, host }) : null;
  const trialDaysLeft = instance.trialEndsAt ? daysUntil(instance.trialEndsAt) : null;

  return (
    <div className="space-y-6">
      <DeploySummary instanceId={id} />
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
                    <HostKeyFingerprint />
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
          <UsageChart
            instanceId={id}
            cpuLimit={plan.cpu}
            diskGb={plan.diskGb}
            diskUsedBytes={instance.diskUsedBytes}
            networkMeasured={host?.networkMode !== "isolated"}
          />
        </Card>
      ) : null}
      {allows("restart", instance) ? <RestartPanel instanceId={id} requestId={randomUUID()} /> : null}
      {allows("checkout", instance) ? (
        <UpgradePanel instance={instance} plan={plan} canceled={checkout === "canceled"} />
      ) : null}
      <Timeline events={events} />
    </div>
  );
}
