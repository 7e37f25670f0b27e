"use client";

import { useActionState, useState, useTransition } from "react";
import { Alert, FormMessage } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { previewResizeAction, resizeAction, type ResizePreview } from "../actions";

type PlanOption = { id: string; label: string };

// The plan is controlled, so neither a refusal nor React's form reset puts the dropdown back; a paid instance
// shows the prorated price as soon as a plan is picked, and the charge is confirmed before anything changes.
export function ResizePanel({
  instanceId,
  requestId,
  current,
  description,
  plans,
  paid,
}: {
  instanceId: string;
  requestId: string;
  current: string;
  description: string;
  plans: PlanOption[];
  paid: boolean;
}) {
  const [state, action] = useActionState(resizeAction, {});
  const [planId, setPlanId] = useState(current);
  const [preview, setPreview] = useState<ResizePreview | null>(null);
  const [pricing, startPricing] = useTransition();

  function choose(next: string) {
    setPlanId(next);
    setPreview(null);
    if (!paid || next === current) return;
    startPricing(async () => setPreview(await previewResizeAction(instanceId, next)));
  }

  return (
    <Card>
      <CardHeader title="Plan and limits" description={description} />
      <form action={action} className="space-y-3" aria-label="Resize">
        <FormMessage state={state} />
        <input type="hidden" name="instanceId" value={instanceId} />
        <input type="hidden" name="requestId" value={requestId} />
        <div className="space-y-1">
          <label htmlFor="planId" className="block text-sm font-medium">
            Change plan
          </label>
          <select
            id="planId"
            name="planId"
            className={inputClass}
            value={planId}
            onChange={(e) => choose(e.target.value)}
          >
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        {pricing ? (
          <p className="text-sm text-slate-600" role="status">
            Working out the price…
          </p>
        ) : null}
        {preview && "error" in preview ? <Alert tone="error">{preview.error}</Alert> : null}
        {preview && "summary" in preview ? (
          <div className="space-y-2" data-testid="resize-price">
            <Alert tone="info">{preview.summary}</Alert>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="confirmCharge" /> Confirm the prorated charge of {preview.prorated}
            </label>
          </div>
        ) : null}
        <SubmitButton variant="secondary">Resize</SubmitButton>
      </form>
    </Card>
  );
}
