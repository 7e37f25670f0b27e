import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Instance } from "@/db/schema";
import { allows } from "@/lib/instances/actions-allowed";
import { instanceCommandAction } from "./actions";

// Suspend/resume/terminate, each with the reason the customer will read; terminate asks for the name as well.
export function InstanceCommands({ instance }: { instance: Instance }) {
  const canSuspend = allows("staffSuspend", instance);
  const canResume = allows("staffResume", instance);
  const canTerminate = allows("staffTerminate", instance);
  if (!canSuspend && !canResume && !canTerminate)
    return <p className="text-sm text-slate-600">No staff action applies to a {instance.status} instance.</p>;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {canSuspend || canResume ? (
        <ActionForm
          action={instanceCommandAction}
          label={canSuspend ? "Suspend instance" : "Resume instance"}
          className="space-y-3"
        >
          <input type="hidden" name="instanceId" value={instance.id} />
          <input type="hidden" name="command" value={canSuspend ? "suspend" : "resume"} />
          <Field
            id="reason-state"
            name="reason"
            label={canSuspend ? "Reason for suspending" : "Reason for resuming"}
            required
            minLength={3}
          />
          <SubmitButton variant="secondary">{canSuspend ? "Suspend instance" : "Resume instance"}</SubmitButton>
        </ActionForm>
      ) : null}
      {canTerminate ? (
        <ActionForm action={instanceCommandAction} label="Terminate instance" className="space-y-3">
          <input type="hidden" name="instanceId" value={instance.id} />
          <input type="hidden" name="command" value="terminate" />
          <Field id="reason-terminate" name="reason" label="Reason for terminating" required minLength={3} />
          <Field
            id="confirm-name"
            name="confirmName"
            label={`Type ${instance.name} to confirm`}
            autoComplete="off"
            required
          />
          <SubmitButton variant="danger" pendingText="Terminating…">
            Terminate instance
          </SubmitButton>
        </ActionForm>
      ) : null}
    </div>
  );
}
