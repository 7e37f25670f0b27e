import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { db } from "@/lib/db";
import { envVarNames } from "@/lib/deploys/env-queries";
import { formatDateTime } from "@/lib/format";
import { loadOwnedInstance } from "@/lib/instances/load";
import { requireUser } from "@/lib/session";
import { deleteVariableAction, setVariableAction } from "./actions";

export const metadata: Metadata = { title: "Environment" };

// Names and when each was set; values are write-only once saved (encrypted at rest, given only to the app).
export default async function EnvironmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/instances/${id}/environment`);
  if (!z.uuid().safeParse(id).success) notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  if (!parts) notFound();
  const { instance } = parts;
  const variables = await envVarNames(db, id);
  const editable = instance.status !== "terminated";

  return (
    <div className="space-y-6">
      <h2 className="text-lg font-semibold">Environment</h2>
      <Card>
        <CardHeader
          title="Environment variables"
          description="Your app's process gets these. Values are encrypted and never shown again once saved: replace one to change it. A change restarts the app as a new release."
        />
        <ul className="mb-6 divide-y divide-slate-100 text-sm" aria-label="Variables">
          {variables.length === 0 ? <li className="py-2 text-slate-600">No variables yet.</li> : null}
          {variables.map((v) => (
            <li key={v.name} className="flex flex-wrap items-center justify-between gap-3 py-2">
              <span>
                <code className="font-mono font-medium">{v.name}</code>{" "}
                <span className="text-slate-500">set {formatDateTime(v.updatedAt)}</span>
              </span>
              {editable ? (
                <div className="flex flex-wrap items-end gap-2">
                  <ActionForm action={setVariableAction} className="flex items-end gap-2" label={`Replace ${v.name}`}>
                    <input type="hidden" name="instanceId" value={id} />
                    <input type="hidden" name="name" value={v.name} />
                    <Field
                      id={`replace-${v.name}`}
                      name="value"
                      type="password"
                      autoComplete="off"
                      label={`New value of ${v.name}`}
                    />
                    <SubmitButton variant="secondary">Replace</SubmitButton>
                  </ActionForm>
                  <ActionForm action={deleteVariableAction} label={`Delete ${v.name}`}>
                    <input type="hidden" name="instanceId" value={id} />
                    <input type="hidden" name="name" value={v.name} />
                    <SubmitButton variant="ghost">Delete {v.name}</SubmitButton>
                  </ActionForm>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <ActionForm
            action={setVariableAction}
            className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
            label="Add a variable"
          >
            <input type="hidden" name="instanceId" value={id} />
            <Field id="name" name="name" label="Name" placeholder="DATABASE_URL" autoComplete="off" required />
            <Field id="value" name="value" type="password" label="Value" autoComplete="off" />
            <SubmitButton>Add</SubmitButton>
          </ActionForm>
        ) : null}
      </Card>
    </div>
  );
}
