import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { webhookEndpointDetail } from "@/lib/admin/queries/webhooks";
import { db } from "@/lib/db";
import { requireStaff } from "@/lib/session";
import { ButtonForm } from "../../_components/button-form";
import { when } from "../../_components/format";
import { deleteEndpointAction, enableEndpointAction, rotateSecretAction, updateEndpointAction } from "../actions";
import { EndpointFields } from "../endpoint-fields";
import { DeliveryLog } from "./delivery-log";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function AdminWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  const d = /^[0-9a-f-]{36}$/.test(id) ? await webhookEndpointDetail(db, id) : null;
  if (!d) notFound();
  const { endpoint: e, deliveries } = d;
  const admin = user.role === "admin";
  const status = e.disabledAt
    ? `disabled since ${when(e.disabledAt)}`
    : e.failingSince
      ? `enabled, failing since ${when(e.failingSince)}`
      : "enabled";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold break-all">{e.url}</h1>
      <Card>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="webhook-status" className={e.disabledAt ? "text-red-700" : undefined}>
              {status}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Description</dt>
            <dd>{e.description || "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Added</dt>
            <dd>{when(e.createdAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Old secret also signs until</dt>
            <dd>
              {e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date()
                ? when(e.previousSecretExpiresAt)
                : "—"}
            </dd>
          </div>
        </dl>
        {e.disabledReason ? <p className="mt-3 text-sm text-red-700">{e.disabledReason}</p> : null}
      </Card>
      {admin ? (
        <>
          <Card>
            <CardHeader title="Endpoint" />
            <ActionForm action={updateEndpointAction} label="Edit the endpoint" className="grid gap-3 sm:grid-cols-2">
              <input type="hidden" name="endpointId" value={e.id} />
              <EndpointFields url={e.url} description={e.description} events={e.events} />
              <div className="sm:col-span-2">
                <SubmitButton>Save</SubmitButton>
              </div>
            </ActionForm>
          </Card>
          <Card>
            <CardHeader
              title="Secret and state"
              description="A new secret is shown once; the old one keeps signing beside it for 24 hours."
            />
            <div className="flex flex-wrap gap-3">
              <ButtonForm action={rotateSecretAction} fields={{ endpointId: e.id }} label="Rotate the secret" />
              {e.disabledAt ? (
                <ButtonForm action={enableEndpointAction} fields={{ endpointId: e.id }} label="Enable the endpoint" />
              ) : null}
              <ButtonForm
                action={deleteEndpointAction}
                fields={{ endpointId: e.id }}
                label="Delete the endpoint"
                variant="danger"
              />
            </div>
          </Card>
        </>
      ) : (
        <Card>
          <p className="text-sm">Events: {e.events.join(", ")}</p>
        </Card>
      )}
      <DeliveryLog endpointId={e.id} deliveries={deliveries} canResend={admin} />
    </div>
  );
}
