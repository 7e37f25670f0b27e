import Stripe from "stripe";
import type { Ctx } from "../core/context";
import { newId } from "../core/ids";

// Full Event objects: https://docs.stripe.com/api/events/object
// `data.previous_attributes` carries the old values of the fields that changed, on *.updated events.

export function diffAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const prev: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify(b[key])) prev[key] = b[key] ?? null;
  }
  return Object.keys(prev).length ? prev : undefined;
}

function buildEvent(
  ctx: Ctx,
  type: Stripe.Event.Type,
  object: object,
  created: number,
  previous: Record<string, unknown> | undefined,
  pendingWebhooks: number,
): Stripe.EventBase {
  const data: Stripe.Event.Data = { object: object as Stripe.Event.Data.Object };
  if (previous) data.previous_attributes = previous as Stripe.Event.Data.PreviousAttributes;
  return {
    id: newId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created,
    data,
    livemode: false,
    pending_webhooks: pendingWebhooks,
    request: ctx.request
      ? { id: ctx.request.id, idempotency_key: ctx.request.idempotencyKey }
      : { id: null, idempotency_key: null },
    type,
  };
}

export function emit(
  ctx: Ctx,
  type: Stripe.Event.Type,
  object: object,
  created: number,
  previous?: Record<string, unknown>,
): Stripe.Event {
  const targets = ctx.deliveries.targetsFor(type);
  // Deep-copy the object so the event is a snapshot of the moment it happened.
  const snapshot = JSON.parse(JSON.stringify(object)) as object;
  const event = buildEvent(ctx, type, snapshot, created, previous, targets.length) as Stripe.Event;
  ctx.state.events.set(event.id, event);
  ctx.deliveries.enqueue(event, targets);
  return event;
}

/** Emits `*.updated` only when something changed. */
export function emitUpdated(ctx: Ctx, type: Stripe.Event.Type, before: object, after: object, created: number): void {
  const previous = diffAttributes(before, after);
  if (previous) emit(ctx, type, after, created, previous);
}
