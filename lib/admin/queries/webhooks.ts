import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookAttempt } from "@/db/schema";

const DELIVERY_LOG_SIZE = 50;

// Every endpoint with its delivery counts; the secret never leaves the database after it was shown once.
export async function listWebhookEndpoints(db: Db) {
  const counts = db
    .select({
      endpointId: webhookDeliveries.endpointId,
      succeeded: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'succeeded')::int`.as("succeeded"),
      failed: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'failed')::int`.as("failed"),
      pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'pending')::int`.as("pending"),
    })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.endpointId)
    .as("counts");
  return db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      disabledAt: webhookEndpoints.disabledAt,
      failingSince: webhookEndpoints.failingSince,
      createdAt: webhookEndpoints.createdAt,
      succeeded: sql<number>`coalesce(${counts.succeeded}, 0)`,
      failed: sql<number>`coalesce(${counts.failed}, 0)`,
      pending: sql<number>`coalesce(${counts.pending}, 0)`,
    })
    .from(webhookEndpoints)
    .leftJoin(counts, eq(counts.endpointId, webhookEndpoints.id))
    .orderBy(desc(webhookEndpoints.createdAt));
}

// One endpoint and its latest deliveries, each with its attempts (newest first).
export async function webhookEndpointDetail(db: Db, endpointId: string) {
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (!endpoint) return null;
  const deliveries = await db
    .select({
      delivery: webhookDeliveries,
      event: { id: webhookEvents.id, type: webhookEvents.type, createdAt: webhookEvents.createdAt },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(DELIVERY_LOG_SIZE);
  const attempts = deliveries.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            deliveries.map((d) => d.delivery.id),
          ),
        )
        .orderBy(desc(webhookAttempts.attempt))
    : [];
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
  const { secret: _secret, previousSecret: _previous, ...shown } = endpoint;
  return {
    endpoint: shown,
    deliveries: deliveries.map((d) => ({ ...d, attempts: byDelivery.get(d.delivery.id) ?? [] })),
  };
}
