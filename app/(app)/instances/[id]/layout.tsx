import Link from "next/link";
import { InstanceTabs } from "@/components/instances/instance-tabs";
import { LiveRefresh } from "@/components/instances/live-refresh";
import { StatusBadge } from "@/components/instances/status-badge";
import { Alert } from "@/components/ui/alert";
import { db } from "@/lib/db";
import { canceledPlanDates } from "@/lib/billing/cancel-notice";
import { instanceSubscription } from "@/lib/billing/queries";
import { formatBytes, formatDate, formatDateTime } from "@/lib/format";
import { hostUnreachable } from "@/lib/instances/host-down";
import { listBackups } from "@/lib/instances/backups";
import { RESTARTING } from "@/lib/instances/customer-actions";
import { latestEventType } from "@/lib/instances/events";
import { TRANSITIONAL } from "@/lib/instances/transitions";
import { loadInstancePage } from "./_components/load-instance";

// Every tab of an instance: its name and status, what needs the customer's attention, and the tabs.
export default async function InstanceLayout({
  params,
  children,
}: {
  params: Promise<{ id: string }>;
  children: React.ReactNode;
}) {
  const { id } = await params;
  const { user, instance, plan, host } = await loadInstancePage(id);
  const [backups, subscription, latest] = await Promise.all([
    listBackups(db, id),
    instanceSubscription(db, user.id, id),
    instance.status === "starting" ? latestEventType(db, id) : null,
  ]);
  const restarting = instance.status === "starting" && latest === RESTARTING;
  const canceled =
    subscription?.cancelAtPeriodEnd && subscription.currentPeriodEnd
      ? canceledPlanDates(subscription.currentPeriodEnd)
      : null;
  const live = instance.status !== "terminated";

  return (
    <div className="space-y-6">
      <LiveRefresh
        intervalMs={TRANSITIONAL.includes(instance.status) || backups.some((b) => b.status === "pending") ? 1500 : 5000}
      />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{instance.name}</h1>
        <StatusBadge status={instance.status} restarting={restarting} />
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
      {instance.diskNearLimitAt && !instance.diskOverLimitAt && live ? (
        <Alert tone="warning">
          This instance uses {formatBytes(instance.diskUsedBytes ?? 0)}, more than 90% of the {plan.diskGb} GB of its
          plan. Before it fills up, delete files you no longer need, or{" "}
          <Link className="underline" href={`/instances/${id}/settings`}>
            resize to a plan with more disk
          </Link>
          .
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
      {restarting ? (
        <Alert tone="info">Restarting your app. It is back as soon as its health check answers.</Alert>
      ) : instance.status === "provisioning" || instance.status === "starting" ? (
        <Alert tone="info">We are starting your instance and email you as soon as it works.</Alert>
      ) : null}
      <InstanceTabs instanceId={id} />
      {children}
    </div>
  );
}
