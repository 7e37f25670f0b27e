import type { webhookEndpointDetail } from "@/lib/admin/queries/webhooks";
import { Card, CardHeader } from "@/components/ui/card";
import { ButtonForm } from "../../_components/button-form";
import { when } from "../../_components/format";
import { ListTable } from "../../_components/list-table";
import { resendDeliveryAction } from "../actions";

type Deliveries = NonNullable<Awaited<ReturnType<typeof webhookEndpointDetail>>>["deliveries"];

// The latest deliveries, each with every attempt: when, outcome, response code, time taken and what the receiver said.
export function DeliveryLog({
  endpointId,
  deliveries,
  canResend,
}: {
  endpointId: string;
  deliveries: Deliveries;
  canResend: boolean;
}) {
  return (
    <Card>
      <CardHeader
        title="Delivery log"
        description="The latest 50 deliveries. The webhook-id is the event's id on every attempt and resend."
      />
      <ListTable caption="Delivery log" columns={["Event", "Status", "Attempts", ""]} empty="Nothing delivered yet.">
        {deliveries.map(({ delivery, event, attempts }) => (
          <tr key={delivery.id} className="align-top">
            <td className="py-2 pr-4">
              <code className="text-xs">{event.type}</code>
              <p className="font-mono text-xs text-slate-500">{event.id}</p>
              <p className="text-xs">{when(event.createdAt)}</p>
            </td>
            <td className="py-2 pr-4">
              {delivery.status}
              {delivery.nextAttemptAt ? (
                <p className="text-xs text-slate-600">next attempt {when(delivery.nextAttemptAt)}</p>
              ) : null}
            </td>
            <td className="py-2 pr-4">
              <ol className="space-y-1 text-xs">
                {attempts.map((a) => (
                  <li key={a.id}>
                    #{a.attempt}
                    {a.manual ? " (resend)" : ""} · {when(a.createdAt)} ·{" "}
                    <span className={a.ok ? "text-green-700" : "text-red-700"}>{a.ok ? "ok" : "failed"}</span> ·{" "}
                    {a.statusCode ?? "no response"} · {a.durationMs} ms{a.error && !a.ok ? ` · ${a.error}` : ""}
                    {a.responseExcerpt ? (
                      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-1">
                        {a.responseExcerpt.slice(0, 300)}
                      </pre>
                    ) : null}
                  </li>
                ))}
              </ol>
            </td>
            <td className="py-2 pr-4">
              {canResend && delivery.status !== "pending" ? (
                <ButtonForm
                  action={resendDeliveryAction}
                  fields={{ deliveryId: delivery.id, endpointId }}
                  label="Resend"
                />
              ) : null}
            </td>
          </tr>
        ))}
      </ListTable>
    </Card>
  );
}
