"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createTokenAction, type CreateTokenState } from "./actions";

const EXPIRY = [
  { days: 30, label: "In 30 days" },
  { days: 7, label: "In 7 days" },
  { days: 90, label: "In 90 days" },
  { days: 365, label: "In a year" },
  { days: 0, label: "Never" },
];

export function CreateTokenForm() {
  const [state, action] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  return (
    <Card>
      <CardHeader
        title="New token"
        description="A token acts as you in the API. Give each script its own, with only the access it needs."
      />
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        {state.token ? (
          <div className="space-y-1">
            <label htmlFor="new-token" className="block text-sm font-medium text-slate-800">
              Your new token
            </label>
            <input
              id="new-token"
              readOnly
              value={state.token}
              className={`${inputClass} font-mono`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <p className="text-xs text-slate-500">
              Send it as <code>Authorization: Bearer …</code>. We keep only a hash of it.
            </p>
          </div>
        ) : null}
        <Field id="token-name" name="name" label="Name" placeholder="deploy script" required maxLength={60} />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Access</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" value="read" defaultChecked /> Read only
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" value="write" /> Read and write (create, resize, back up, terminate)
          </label>
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="token-expiry" className="block text-sm font-medium text-slate-800">
            Expires
          </label>
          <select id="token-expiry" name="expiresInDays" defaultValue="30" className={inputClass}>
            {EXPIRY.map((e) => (
              <option key={e.days} value={e.days}>
                {e.label}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
    </Card>
  );
}
