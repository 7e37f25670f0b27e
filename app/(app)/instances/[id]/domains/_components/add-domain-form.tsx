"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { addDomainAction } from "../actions";

export function AddDomainForm({ instanceId }: { instanceId: string }) {
  const [state, action] = useActionState(addDomainAction, {});
  return (
    <form action={action} className="space-y-3" aria-label="Add a domain">
      <FormMessage state={state} />
      <input type="hidden" name="instanceId" value={instanceId} />
      <div className="flex flex-wrap items-end gap-3">
        <Field
          id="domain-name"
          name="name"
          label="Domain name"
          hint="A name of yours, such as www.example.com or example.com."
          autoComplete="off"
          required
          maxLength={260}
          className="min-w-64 flex-1"
          defaultValue={state.error ? state.values?.name : undefined}
        />
        <SubmitButton pendingText="Adding…">Add domain</SubmitButton>
      </div>
    </form>
  );
}
