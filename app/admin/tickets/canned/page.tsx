import type { Metadata } from "next";
import Link from "next/link";
import { MessageField } from "@/components/support/message-field";
import { MessageForm } from "@/components/support/message-form";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { db } from "@/lib/db";
import { requireStaff } from "@/lib/session";
import { listCannedReplies } from "@/lib/support/staff-notes";
import { createCannedReplyAction, deleteCannedReplyAction } from "./actions";

export const metadata: Metadata = { title: "Canned replies" };

// /admin/tickets/canned – the replies staff insert into a ticket's reply box
export default async function CannedRepliesPage() {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const replies = await listCannedReplies(db);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/tickets" className="text-slate-600 underline-offset-2 hover:underline">
          ← Ticket queue
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Canned replies</h1>
      <Card>
        <CardHeader title="New canned reply" description="Staff insert it into a reply and edit it before sending." />
        <MessageForm
          action={createCannedReplyAction}
          className="space-y-4"
          label="New canned reply"
          submit="Save canned reply"
          pendingText="Saving…"
        >
          <Field id="canned-title" name="title" label="Title" required maxLength={80} />
          <MessageField id="canned-body" label="Reply text" rows={5} />
        </MessageForm>
      </Card>
      <Card>
        <CardHeader title="Saved replies" />
        {replies.length === 0 ? <p className="text-sm text-slate-600">No canned replies yet.</p> : null}
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Canned replies">
          {replies.map((r) => (
            <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{r.title}</p>
                <p className="whitespace-pre-wrap text-slate-600 [overflow-wrap:anywhere]">{r.body}</p>
              </div>
              <ActionForm action={deleteCannedReplyAction} label={`Delete ${r.title}`}>
                <input type="hidden" name="id" value={r.id} />
                <SubmitButton variant="secondary">Delete</SubmitButton>
              </ActionForm>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
