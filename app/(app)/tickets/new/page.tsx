import type { Metadata } from "next";
import { MessageField } from "@/components/support/message-field";
import { MessageForm } from "@/components/support/message-form";
import { Card } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { db } from "@/lib/db";
import { listOwnedInstances } from "@/lib/instances/queries";
import { requireUser } from "@/lib/session";
import { CATEGORY_LABEL, SUBJECT_MAX, TICKET_CATEGORIES } from "@/lib/support/schemas";
import { openTicketAction } from "./actions";

export const metadata: Metadata = { title: "New ticket" };

export default async function NewTicketPage({ searchParams }: { searchParams: Promise<{ instance?: string }> }) {
  const user = await requireUser("/tickets/new");
  const [instances, { instance: preselected }] = await Promise.all([listOwnedInstances(db, user.id), searchParams]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">New ticket</h1>
      <Card>
        <MessageForm action={openTicketAction} className="space-y-4" label="New ticket" submit="Open ticket">
          <Field id="subject" name="subject" label="Subject" required maxLength={SUBJECT_MAX} autoComplete="off" />
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1">
              <label htmlFor="category" className="block text-sm font-medium text-slate-800">
                Category
              </label>
              <select id="category" name="category" className={inputClass} defaultValue="technical">
                {TICKET_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABEL[c]}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="instanceId" className="block text-sm font-medium text-slate-800">
                Instance (optional)
              </label>
              <select
                id="instanceId"
                name="instanceId"
                className={inputClass}
                defaultValue={instances.some((i) => i.instance.id === preselected) ? preselected : ""}
              >
                <option value="">None</option>
                {instances.map(({ instance }) => (
                  <option key={instance.id} value={instance.id}>
                    {instance.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <MessageField rows={8} />
        </MessageForm>
      </Card>
    </div>
  );
}
