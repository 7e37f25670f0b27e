// The events an operator can subscribe an endpoint to, in the order the admin form lists them.
export const WEBHOOK_EVENT_TYPES = [
  "instance.created",
  "instance.ready",
  "instance.failed",
  "instance.resized",
  "instance.suspended",
  "instance.resumed",
  "instance.terminated",
  "trial.started",
  "trial.ending",
  "trial.ended",
  "payment.succeeded",
  "payment.failed",
  "grace_period.began",
  "grace_period.ended",
  "coupon.redeemed",
  "subscription.canceled",
  "ticket.opened",
  "ticket.answered",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (v: string): v is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(v);
