import { z } from "zod";
import { realNow } from "../core/context";
import { newId, randomToken } from "../core/ids";
import type { WebhookEndpointRec } from "../core/records";
import { assertLoopbackUrl } from "../events/loopback";
import { paginate } from "../http/list";
import {
  bool,
  emptyable,
  expand,
  initialMetadata,
  int,
  list,
  listShape,
  mergeMetadata,
  metadata,
  parseParams,
  str,
} from "../http/params";
import { route, type Route } from "../http/router";
import { renderDeletedWebhookEndpoint, renderWebhookEndpoint } from "../render/misc";
import { must } from "./common";

// Events: https://docs.stripe.com/api/events (kept for 30 days in Stripe; for the emulator's lifetime here)
// Webhook endpoints: https://docs.stripe.com/api/webhook_endpoints

const createdFilter = z
  .union([
    int(),
    z.strictObject({ gt: int().optional(), gte: int().optional(), lt: int().optional(), lte: int().optional() }),
  ])
  .optional();

const eventList = z.strictObject({
  ...listShape,
  type: str().optional(),
  types: list(str()).optional(),
  created: createdFilter,
  delivery_success: bool().optional(),
});

function typeMatches(pattern: string, type: string): boolean {
  // `type` accepts a trailing wildcard such as `invoice.*`. https://docs.stripe.com/api/events/list#list_events-type
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

const endpointCreate = z.strictObject({
  url: str(),
  enabled_events: list(str()),
  description: str().optional(),
  metadata: metadata().optional(),
  api_version: str().optional(),
  connect: bool().optional(),
  expand: expand(),
});

const endpointUpdate = z.strictObject({
  url: str().optional(),
  enabled_events: list(str()).optional(),
  description: emptyable(str()).optional(),
  disabled: bool().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

export const eventRoutes: Route[] = [
  route("GET", "/v1/events", (ctx, r) => {
    const p = parseParams(eventList, r.raw);
    const c = p.created;
    const items = [...ctx.state.events.values()].reverse().filter((e) => {
      if (p.type && !typeMatches(p.type, e.type)) return false;
      if (p.types && !p.types.includes(e.type)) return false;
      if (typeof c === "number" && e.created !== c) return false;
      if (c && typeof c === "object") {
        if (c.gt !== undefined && !(e.created > c.gt)) return false;
        if (c.gte !== undefined && !(e.created >= c.gte)) return false;
        if (c.lt !== undefined && !(e.created < c.lt)) return false;
        if (c.lte !== undefined && !(e.created <= c.lte)) return false;
      }
      if (p.delivery_success !== undefined && (e.pending_webhooks === 0) !== p.delivery_success) return false;
      return true;
    });
    return paginate(items, p, "/v1/events", "event");
  }),
  route("GET", "/v1/events/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return must(ctx.state.events, r.params[0]!, "event");
  }),
  route("POST", "/v1/webhook_endpoints", (ctx, r) => {
    const p = parseParams(endpointCreate, r.raw);
    assertLoopbackUrl(p.url);
    const w: WebhookEndpointRec = {
      id: newId("we"),
      created: realNow(),
      url: p.url,
      enabledEvents: p.enabled_events,
      secret: `whsec_${randomToken(32)}`,
      status: "enabled",
      description: p.description ?? null,
      metadata: initialMetadata(p.metadata),
    };
    ctx.state.webhookEndpoints.set(w.id, w);
    return renderWebhookEndpoint(w, true);
  }),
  route("GET", "/v1/webhook_endpoints", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const items = [...ctx.state.webhookEndpoints.values()].reverse().map((w) => renderWebhookEndpoint(w, false));
    return paginate(items, p, "/v1/webhook_endpoints", "webhook_endpoint");
  }),
  route("GET", "/v1/webhook_endpoints/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderWebhookEndpoint(must(ctx.state.webhookEndpoints, r.params[0]!, "webhook endpoint"), false);
  }),
  route("POST", "/v1/webhook_endpoints/:id", (ctx, r) => {
    const p = parseParams(endpointUpdate, r.raw);
    const w = must(ctx.state.webhookEndpoints, r.params[0]!, "webhook endpoint");
    if (p.url !== undefined) {
      assertLoopbackUrl(p.url);
      w.url = p.url;
    }
    if (p.enabled_events !== undefined) w.enabledEvents = p.enabled_events;
    if (p.description !== undefined) w.description = p.description;
    if (p.disabled !== undefined) w.status = p.disabled ? "disabled" : "enabled";
    w.metadata = mergeMetadata(w.metadata, p.metadata);
    return renderWebhookEndpoint(w, false);
  }),
  route("DELETE", "/v1/webhook_endpoints/:id", (ctx, r) => {
    const w = must(ctx.state.webhookEndpoints, r.params[0]!, "webhook endpoint");
    ctx.state.webhookEndpoints.delete(w.id);
    return renderDeletedWebhookEndpoint(w.id);
  }),
];
