import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Ctx } from "../core/context";
import { configPatchSchema, defaultConfig, type EmulatorConfig } from "../core/config";
import { invalidRequest } from "../core/errors";
import { resetState } from "../core/state";
import { completeCheckout } from "../billing/checkout";
import { tickRealTime } from "../billing/scheduler";
import { renderCheckoutSession } from "../render/checkout";
import { must } from "../resources/common";
import { errorAnswer, readBody, sendJson } from "../http/respond";
import { runSeed, seedSchema } from "./seed";

// Test and dev controls under /_emulator/ (no Stripe equivalent; JSON in, JSON out, no API key):
//   POST /_emulator/reset            forget everything (state, queue, idempotency keys, config)
//   POST /_emulator/seed             create products/prices/coupons/promotion codes from JSON
//   POST /_emulator/idle             resolves once the webhook delivery queue is empty
//   GET|POST /_emulator/config       read / patch the knobs (core/config.ts)
//   GET  /_emulator/deliveries       webhook delivery attempts so far
//   POST /_emulator/tick             run due billing work for objects without a test clock
//   POST /_emulator/checkout/:id/complete   complete a session as the hosted page would

export interface ControlHooks {
  resetAll: () => void;
  applyConfig: (c: EmulatorConfig) => void;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest("The control API takes JSON bodies.");
  }
}

function zparse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw invalidRequest(
      `Invalid control request: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return r.data;
}

const completeSchema = z.strictObject({ payment_method: z.string().nullable(), promotion_code: z.string().optional() });

async function dispatch(ctx: Ctx, hooks: ControlHooks, method: string, path: string, body: unknown): Promise<object> {
  if (method === "POST" && path === "/_emulator/reset") {
    resetState(ctx.state);
    hooks.resetAll();
    return { ok: true };
  }
  if (method === "POST" && path === "/_emulator/seed") return runSeed(ctx, zparse(seedSchema, body));
  if ((method === "POST" || method === "GET") && path === "/_emulator/idle") {
    await ctx.deliveries.whenIdle();
    return { idle: true };
  }
  if (method === "GET" && path === "/_emulator/config") return ctx.config;
  if (method === "POST" && path === "/_emulator/config") {
    const patch = zparse(configPatchSchema, body);
    const next: EmulatorConfig = {
      ...ctx.config,
      ...patch,
      webhooks: { ...ctx.config.webhooks, ...(patch.webhooks ?? {}) },
    };
    hooks.applyConfig(next);
    return ctx.config;
  }
  if (method === "GET" && path === "/_emulator/deliveries") return { deliveries: ctx.deliveries.attempts };
  if (method === "POST" && path === "/_emulator/tick") {
    tickRealTime(ctx);
    return { ok: true };
  }
  const m = /^\/_emulator\/checkout\/([^/]+)\/complete$/.exec(path);
  if (method === "POST" && m) {
    const p = zparse(completeSchema, body);
    const s = must(ctx.state.checkoutSessions, decodeURIComponent(m[1]!), "checkout session");
    completeCheckout(ctx, s, { paymentMethod: p.payment_method, promotionCode: p.promotion_code ?? null });
    return renderCheckoutSession(ctx, s);
  }
  throw invalidRequest(`Unrecognized emulator control URL (${method}: ${path}).`, { status: 404 });
}

export async function handleControl(
  ctx: Ctx,
  hooks: ControlHooks,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    const body = parseJson(await readBody(req));
    sendJson(res, 200, await dispatch(ctx, hooks, req.method ?? "GET", path, body));
  } catch (e) {
    const { status, body } = errorAnswer(e);
    sendJson(res, status, body);
  }
}

export { defaultConfig };
