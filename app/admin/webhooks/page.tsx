import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { listWebhookEndpoints } from "@/lib/admin/queries/webhooks";
import { db } from "@/lib/db";
import { requireStaff } from "@/lib/session";
import { when } from "../_components/format";
import { ListTable } from "../_components/list-table";
import { createEndpointAction } from "./actions";
import { EndpointFields } from "./endpoint-fields";

export const metadata: Metadata = { title: "Webhooks" };

export default async function AdminWebhooksPage() {
  const user = await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const endpoints = await listWebhookEndpoints(db);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Webhooks</h1>
      <p className="text-sm text-slate-600">
        Events are sent as signed POSTs (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
        <code>webhook-signature</code>), retried for about a day; the <code>webhook-id</code> is the event&apos;s, so a
        receiver can drop a second copy. An endpoint whose every attempt fails for 24 hours is disabled.
      </p>
      <Card>
        <ListTable
          caption="Webhook endpoints"
          columns={["Endpoint", "Events", "Status", "Delivered", "Failed", "Pending", "Added"]}
          empty="No endpoints yet."
        >
          {endpoints.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="py-2 pr-4">
                <Link className="underline" href={`/admin/webhooks/${e.id}`}>
                  {e.url}
                </Link>
                {e.description ? <p className="text-xs text-slate-600">{e.description}</p> : null}
              </td>
              <td className="py-2 pr-4 text-xs">{e.events.join(", ")}</td>
              <td className="py-2 pr-4">
                {e.disabledAt ? (
                  <span className="text-red-700">disabled</span>
                ) : e.failingSince ? (
                  <span className="text-amber-700">failing since {when(e.failingSince)}</span>
                ) : (
                  "enabled"
                )}
              </td>
              <td className="py-2 pr-4">{e.succeeded}</td>
              <td className="py-2 pr-4">{e.failed}</td>
              <td className="py-2 pr-4">{e.pending}</td>
              <td className="py-2 pr-4">{when(e.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
      </Card>
      {user.role === "admin" ? (
        <Card>
          <CardHeader title="Add an endpoint" description="Its signing secret is shown once, when you save." />
          <ActionForm action={createEndpointAction} label="Add an endpoint" className="grid gap-3 sm:grid-cols-2">
            <EndpointFields />
            <div className="sm:col-span-2">
              <SubmitButton pendingText="Checking the address…">Add endpoint</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      ) : (
        <p className="text-sm text-slate-600">Only admins add and change webhook endpoints.</p>
      )}
    </div>
  );
}
