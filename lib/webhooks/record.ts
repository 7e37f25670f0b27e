import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { enqueue } from "@/jobs/engine";
import { deliverWebhook } from "@/jobs/contracts";
import type { WebhookEventType } from "./event-types";

// The outbox: one event row and one delivery per enabled endpoint that subscribed to it, written with their
// jobs in one transaction (the caller's, when it passes one). Nothing is stored when no endpoint listens.
// A `dedupeKey` names the occurrence for call sites that run again (syncs, sweeps): a second call adds nothing.
export async function recordWebhookEvent(
  db: Db,
  type: WebhookEventType,
  data: Record<string, unknown>,
  dedupeKey?: string,
) {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`
      with listening as (
        select id from webhook_endpoints where disabled_at is null and ${type}::text = any(events)
      ), event as (
        insert into webhook_events (type, dedupe_key, payload)
        select ${type}::text, ${dedupeKey ?? null}::text, ${JSON.stringify(data)}::jsonb where exists (select 1 from listening)
        on conflict (dedupe_key) do nothing
        returning id
      )
      insert into webhook_deliveries (endpoint_id, event_id)
      select listening.id, event.id from listening cross join event
      on conflict do nothing
      returning id`);
    for (const { id } of rows) {
      await enqueue(deliverWebhook, { deliveryId: id, attempt: 1 }, { idempotencyKey: `webhook:${id}:1` }, tx);
    }
    return rows.length;
  });
}
