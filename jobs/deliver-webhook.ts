import { z } from "zod";
import { db } from "@/lib/db";
import { attemptDelivery } from "@/lib/webhooks/deliver";
import { defineJob, type JobDefinition } from "./engine/define";

const schema = z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(1), manual: z.boolean().default(false) });

// One attempt of one webhook delivery. A failed attempt chains the next one (its own run, keyed by attempt
// number) after the schedule's delay, so a delivery is retried for about a day without holding a worker.
export const deliverWebhook: JobDefinition<typeof schema> = defineJob({
  id: "deliver-webhook",
  schema,
  retry: { maxAttempts: 3 },
  async run(payload, ctx) {
    return attemptDelivery(db, payload, {
      retryOfRun: ctx.attempt > 1,
      scheduleNext: (next, runAt) => ctx.enqueue(deliverWebhook, next, { runAt, idempotencyKey: `webhook:${next.deliveryId}:${next.attempt}` }),
    });
  },
});
