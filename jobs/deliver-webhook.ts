import { db } from "@/lib/db";
import { attemptDelivery } from "@/lib/webhooks/deliver";
import { deliverWebhook as contract } from "./contracts";
import { defineJob } from "./engine/define";
import { enqueue } from "./engine";

// One attempt of one webhook delivery. A failed attempt chains the next one (its own run, keyed by attempt
// number) after the schedule's delay, so a delivery is retried for about a day without holding a worker.
export const deliverWebhook = defineJob(contract, {
  async run(payload, ctx) {
    return attemptDelivery(db, payload, {
      retryOfRun: ctx.attempt > 1,
      scheduleNext: (next, runAt) =>
        enqueue(contract, next, { runAt, idempotencyKey: `webhook:${next.deliveryId}:${next.attempt}` }),
    });
  },
});
