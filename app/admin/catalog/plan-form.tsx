import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Plan } from "@/db/schema";
import { savePlanAction } from "./actions";

export function PlanForm({ plan }: { plan: Plan | null }) {
  return (
    <ActionForm
      action={savePlanAction}
      label={plan ? `Edit plan ${plan.name}` : "New plan"}
      className="grid gap-3 sm:grid-cols-2"
    >
      <input type="hidden" name="id" value={plan?.id ?? ""} />
      <Field id="plan-slug" name="slug" label="Slug" required defaultValue={plan?.slug} />
      <Field id="plan-name" name="name" label="Name" required defaultValue={plan?.name} />
      <Field
        id="plan-description"
        name="description"
        label="Description"
        className="sm:col-span-2"
        defaultValue={plan?.description}
      />
      <Field id="plan-cpu" name="cpu" label="CPU (vCPU)" type="number" step="0.05" required defaultValue={plan?.cpu} />
      <Field
        id="plan-memory"
        name="memoryMb"
        label="Memory (MB)"
        type="number"
        required
        defaultValue={plan?.memoryMb}
      />
      <Field id="plan-disk" name="diskGb" label="Disk (GB)" type="number" required defaultValue={plan?.diskGb} />
      <Field
        id="plan-price"
        name="priceCents"
        label="Price (cents per month)"
        type="number"
        required
        defaultValue={plan?.priceCents}
      />
      <Field id="plan-currency" name="currency" label="Currency" required defaultValue={plan?.currency ?? "usd"} />
      <Field
        id="plan-lookup"
        name="stripeLookupKey"
        label="Stripe lookup key"
        required
        defaultValue={plan?.stripeLookupKey}
      />
      <Field
        id="plan-trial"
        name="trialDays"
        label="Trial days"
        type="number"
        required
        defaultValue={plan?.trialDays ?? 0}
      />
      <Field
        id="plan-sort"
        name="sortOrder"
        label="Sort order"
        type="number"
        required
        defaultValue={plan?.sortOrder ?? 0}
      />
      <div className="sm:col-span-2">
        <SubmitButton pendingText="Saving…">Save plan</SubmitButton>
      </div>
    </ActionForm>
  );
}
