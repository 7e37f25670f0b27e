import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { instanceSubscription } from "@/lib/billing/queries";
import { listActivePlans } from "@/lib/catalog/queries";
import { formatCpu, formatMemory } from "@/lib/format";
import { allows } from "@/lib/instances/actions-allowed";
import { loadInstancePage } from "../_components/load-instance";
import { TerminatePanel } from "../_components/instance-panels";
import { ResizePanel } from "../_components/resize-panel";
import { MaintenancePanel } from "../_components/maintenance-panel";
import { describeWindow } from "@/lib/instances/maintenance-window";

export const metadata: Metadata = { title: "Settings" };

// Changing the instance: its plan, when upgrades may restart it, canceling what it costs, ending it.
export default async function InstanceSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, instance, plan, stack } = await loadInstancePage(id);
  const [plans, subscription] = await Promise.all([listActivePlans(db), instanceSubscription(db, user.id, id)]);
  const canResize = allows("resize", instance);
  const canTerminate = allows("terminate", instance);
  const billed = !!subscription && !subscription.cancelAtPeriodEnd && instance.status !== "terminated";
  return (
    <div className="space-y-6">
      {canResize ? (
        <ResizePanel
          instanceId={id}
          requestId={randomUUID()}
          current={plan.id}
          paid={!instance.isTrial}
          description={`${plan.name}: ${formatCpu(plan.cpu)}, ${formatMemory(plan.memoryMb)} memory, ${plan.diskGb} GB disk.`}
          plans={plans.map((p) => ({ id: p.id, label: `${p.name}: ${formatCpu(p.cpu)}, ${formatMemory(p.memoryMb)}` }))}
        />
      ) : null}
      {instance.status !== "terminated" ? (
        <MaintenancePanel
          instanceId={id}
          description={`When a new version of the ${stack.name} stack rolls out, it restarts the instance briefly after a backup. ${describeWindow({ hour: instance.maintenanceHour, weekday: instance.maintenanceWeekday })}`}
          when={
            instance.maintenanceHour === null
              ? "none"
              : instance.maintenanceWeekday === null
                ? "daily"
                : String(instance.maintenanceWeekday)
          }
          hour={instance.maintenanceHour}
        />
      ) : null}
      {billed ? (
        <Card>
          <CardHeader
            title="Cancel the plan"
            description={
              <>
                Plans are canceled at the end of the period they are paid for, on the{" "}
                <Link className="underline" href="/billing">
                  billing page
                </Link>
                ; the instance runs until then.
              </>
            }
          />
        </Card>
      ) : null}
      {canTerminate ? <TerminatePanel instanceId={id} name={instance.name} hasData={!!instance.containerId} /> : null}
      {!canResize && !billed && !canTerminate && instance.status === "terminated" ? (
        <p className="text-sm text-slate-600">
          There is nothing to change on this instance while it is {instance.status}.
        </p>
      ) : null}
    </div>
  );
}
