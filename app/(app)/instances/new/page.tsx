import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listActivePlans, listActiveStacks } from "@/lib/catalog/queries";
import { ownerKeys } from "@/lib/instances/queries";
import { dockerAvailability } from "@/lib/instances/engine-status";
import { describeAllowance, instanceAllowance } from "@/lib/instances/limit";
import { trialUsedBy } from "@/lib/instances/trial-used";
import { formatCpu, formatMemory, formatMoney } from "@/lib/format";
import { requireUser } from "@/lib/session";
import { NewInstanceForm } from "./new-instance-form";

export const metadata: Metadata = { title: "New instance" };

export default async function NewInstancePage() {
  const user = await requireUser("/instances/new");
  const [stacks, plans, keys, docker, allowance] = await Promise.all([
    listActiveStacks(db),
    listActivePlans(db),
    ownerKeys(db, user.id),
    dockerAvailability(db),
    instanceAllowance(db, user.id),
  ]);
  // A plan without a trial, or any plan once the trial is used, goes through Stripe Checkout first.
  const trialUsed = await trialUsedBy(db, user.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold">New instance</h1>
        <span className="text-sm text-slate-600" data-testid="instance-allowance">
          {describeAllowance(allowance)}
        </span>
      </div>
      {!user.verified ? (
        <Alert tone="warning">
          Confirm your email before you create an instance: look for our email, or use the link in the banner above.
        </Alert>
      ) : null}
      {!docker.reachable ? (
        <Alert tone="warning">
          No Docker engine is reachable right now, so new instances wait before they start. You can still create one: it
          starts as soon as an engine answers.
        </Alert>
      ) : null}
      <Card>
        <NewInstanceForm
          stacks={stacks.map((s) => ({ id: s.id, name: s.name, detail: s.description }))}
          plans={plans.map((p) => ({
            id: p.id,
            name: p.name,
            disabled: false,
            detail: `${formatCpu(p.cpu)}, ${formatMemory(p.memoryMb)}, ${p.diskGb} GB disk · ${formatMoney(p.priceCents, p.currency)}/month · ${p.trialDays > 0 && !trialUsed ? `${p.trialDays}-day free trial` : "paid at checkout"}`,
          }))}
          keys={keys.map((k) => ({ id: k.id, name: k.name, detail: k.fingerprint }))}
        />
      </Card>
    </div>
  );
}
