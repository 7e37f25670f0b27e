"use client";

import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { cancelAction } from "../actions";

// Canceling takes a second, informed click: what keeps running, until when, and how long the data is kept.
export function CancelPlanForm({
  subscriptionId,
  instanceName,
  endsOn,
  keptUntil,
}: {
  subscriptionId: string;
  instanceName: string;
  endsOn: string;
  keptUntil: string;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
        Cancel at period end
      </Button>
    );
  return (
    <ActionForm action={cancelAction} label="Cancel the plan" className="w-full space-y-3 sm:max-w-md">
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <input type="hidden" name="cancel" value="true" />
      <p className="text-sm text-slate-700">
        {instanceName} keeps running until {endsOn} and does not renew. Then it is backed up and stopped; its data is
        kept until {keptUntil}, then deleted. We email you this too.
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger">Yes, cancel the plan</SubmitButton>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep the plan
        </Button>
      </div>
    </ActionForm>
  );
}
