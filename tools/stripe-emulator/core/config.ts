import { z } from "zod";

// Knobs of the emulator, changed at runtime through POST /_emulator/config.
export const configSchema = z.strictObject({
  /** Days between automatic payment retries of a failed renewal (Smart Retries stand-in).
   *  https://docs.stripe.com/billing/revenue-recovery/smart-retries#retry-schedule */
  retrySchedule: z.array(z.number().positive()).max(8),
  /** What happens to the subscription when all retries failed.
   *  https://docs.stripe.com/billing/revenue-recovery/smart-retries#subscription-status */
  afterRetriesExhausted: z.enum(["cancel", "unpaid", "past_due"]),
  /** Stripe finalizes a renewal draft about an hour after creating it.
   *  https://docs.stripe.com/billing/subscriptions/overview#subscription-lifecycle */
  finalizeDelaySeconds: z.number().int().min(0),
  /** Sessions expire 24 hours after creation by default. https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-expires_at */
  checkoutExpirySeconds: z.number().int().min(60),
  /** Period (ms) of the real-time scheduler for objects without a test clock; 0 disables it. */
  tickMs: z.number().int().min(0),
  webhooks: z.strictObject({
    /** Share (0..1) of deliveries sent twice. */
    duplicateRate: z.number().min(0).max(1),
    /** Deliver due deliveries in a random order instead of FIFO. */
    shuffle: z.boolean(),
    /** Hold all deliveries (queued, not sent) until set back to false; lets a test queue a batch first. */
    paused: z.boolean(),
    /** Delay (ms) before the first attempt of every delivery. */
    delayMs: z.number().int().min(0),
    /** Backoff after a failed attempt: retryBaseMs * 2^(attempt-1), capped at retryMaxMs. */
    retryBaseMs: z.number().int().min(0),
    retryMaxMs: z.number().int().min(0),
    /** Attempts per delivery before giving up (Stripe retries for up to three days). */
    maxAttempts: z.number().int().min(1),
    timeoutMs: z.number().int().min(1),
    /** Seed of the PRNG behind duplicateRate and shuffle, so runs are reproducible. */
    seed: z.number().int(),
  }),
});

export type EmulatorConfig = z.infer<typeof configSchema>;

export function defaultConfig(): EmulatorConfig {
  return {
    retrySchedule: [3, 5, 7],
    afterRetriesExhausted: "cancel",
    finalizeDelaySeconds: 3600,
    checkoutExpirySeconds: 24 * 3600,
    tickMs: 1000,
    webhooks: {
      duplicateRate: 0,
      shuffle: false,
      paused: false,
      delayMs: 0,
      retryBaseMs: 1000,
      retryMaxMs: 60_000,
      maxAttempts: 8,
      timeoutMs: 10_000,
      seed: 1,
    },
  };
}

export const configPatchSchema = configSchema
  .omit({ webhooks: true })
  .partial()
  .extend({ webhooks: configSchema.shape.webhooks.partial().optional() })
  .strict();
