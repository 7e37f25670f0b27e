import { ActionForm } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Stack } from "@/db/schema";
import { saveStackAction } from "./actions";

function TextArea({
  id,
  name,
  label,
  hint,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  defaultValue: string;
}) {
  return (
    <div className="space-y-1 sm:col-span-2">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={4}
        className={`${inputClass} font-mono`}
        aria-describedby={`${id}-hint`}
        defaultValue={defaultValue}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}

export function StackForm({ stack }: { stack: Stack | null }) {
  const env = Object.entries(stack?.env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
  return (
    <ActionForm
      action={saveStackAction}
      label={stack ? `Edit stack ${stack.name}` : "New stack"}
      className="grid gap-3 sm:grid-cols-2"
    >
      <input type="hidden" name="id" value={stack?.id ?? ""} />
      <Field id="stack-slug" name="slug" label="Slug" required defaultValue={stack?.slug} />
      <Field id="stack-name" name="name" label="Name" required defaultValue={stack?.name} />
      <div className="space-y-1">
        <label htmlFor="stack-kind" className="block text-sm font-medium text-slate-800">
          Kind
        </label>
        <select id="stack-kind" name="kind" defaultValue={stack?.kind ?? "runtime"} className={inputClass}>
          <option value="runtime">runtime</option>
          <option value="app">app</option>
          <option value="static">static</option>
        </select>
      </div>
      <Field id="stack-image" name="image" label="Image" required defaultValue={stack?.image} />
      <Field
        id="stack-description"
        name="description"
        label="Description"
        className="sm:col-span-2"
        defaultValue={stack?.description}
      />
      <Field id="stack-port" name="port" label="Port" type="number" required defaultValue={stack?.port} />
      <Field id="stack-health" name="healthPath" label="Health path" required defaultValue={stack?.healthPath ?? "/"} />
      <Field id="stack-volume" name="volumePath" label="Volume path" required defaultValue={stack?.volumePath} />
      <TextArea id="stack-env" name="env" label="Environment" hint="One KEY=VALUE per line." defaultValue={env} />
      <TextArea
        id="stack-command"
        name="command"
        label="Command"
        hint="One argument per line; leave empty to use the image's own command."
        defaultValue={(stack?.command ?? []).join("\n")}
      />
      <div className="sm:col-span-2">
        <SubmitButton pendingText="Saving…">Save stack</SubmitButton>
      </div>
    </ActionForm>
  );
}
