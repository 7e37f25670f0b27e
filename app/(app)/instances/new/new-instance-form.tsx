"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createInstanceAction } from "./actions";

type Option = { id: string; name: string; detail: string; disabled?: boolean };

// Catalog descriptions mark commands with backticks, as in Markdown; they render as code, not as literal backticks.
function Detail({ text }: { text: string }) {
  return text.split(/`([^`]+)`/).map((part, i) =>
    i % 2 ? (
      <code key={i} className="font-mono">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

export function NewInstanceForm({ stacks, plans, keys }: { stacks: Option[]; plans: Option[]; keys: Option[] }) {
  const [state, action] = useActionState(createInstanceAction, {});
  const values = state.values;
  return (
    <form action={action} className="space-y-6">
      <FormMessage state={state} />
      <Field
        id="name"
        name="name"
        label="Name"
        required
        maxLength={40}
        hint="Letters, digits and dashes, such as my-shop."
        autoComplete="off"
        defaultValue={values?.name}
      />
      <Choice legend="Stack" name="stackId" options={stacks} chosen={values?.stackId} />
      <Choice legend="Plan" name="planId" options={plans} chosen={values?.planId} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">SSH keys to install</legend>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">
            You have no SSH keys yet.{" "}
            <a className="underline" href="/keys">
              Add one
            </a>{" "}
            to reach the instance over SSH; you can add it to the instance later too.
          </p>
        ) : (
          keys.map((k) => (
            <label key={k.id} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="keyIds"
                value={k.id}
                defaultChecked={values ? values.keyIds.includes(k.id) : true}
                className="mt-1"
              />
              <span>
                <span className="font-medium">{k.name}</span>{" "}
                <span className="font-mono text-xs text-slate-500">{k.detail}</span>
              </span>
            </label>
          ))
        )}
      </fieldset>
      <SubmitButton pendingText="Creating…">Create instance</SubmitButton>
    </form>
  );
}

function Choice({
  legend,
  name,
  options,
  chosen,
}: {
  legend: string;
  name: string;
  options: Option[];
  chosen?: string;
}) {
  const first = options.find((o) => !o.disabled && o.id === chosen)?.id ?? options.find((o) => !o.disabled)?.id;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label
            key={o.id}
            className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 bg-white p-3 has-[:checked]:border-slate-900 has-[:disabled]:opacity-50"
          >
            <input
              type="radio"
              name={name}
              value={o.id}
              defaultChecked={o.id === first}
              disabled={o.disabled}
              className="mt-1"
              aria-describedby={`${name}-${o.id}`}
            />
            <span>
              <span className="block text-sm font-medium">{o.name}</span>
              <span id={`${name}-${o.id}`} className="block text-xs text-slate-600">
                <Detail text={o.detail} />
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
