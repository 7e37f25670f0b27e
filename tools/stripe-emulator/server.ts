import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultConfig, type EmulatorConfig } from "./core/config";
import type { Ctx } from "./core/context";
import { unrecognizedUrl } from "./core/errors";
import { newId, randomToken } from "./core/ids";
import { createState } from "./core/state";
import { tickRealTime } from "./billing/scheduler";
import { handleControl } from "./control/routes";
import { DeliveryQueue, type WebhookTarget } from "./events/delivery";
import { assertLoopbackUrl } from "./events/loopback";
import { handleHosted } from "./hosted/pages";
import { authenticate } from "./http/auth";
import { applyExpand, expandParam } from "./http/expand";
import { parseForm } from "./http/form";
import { IdempotencyStore, shouldSave } from "./http/idempotency";
import { errorAnswer, readBody, sendJson } from "./http/respond";
import { Router } from "./http/router";
import { apiRoutes } from "./resources";

// A local, stateful stand-in for the parts of Stripe's v1 API that Berth uses, driven by the real `stripe` SDK:
//   new Stripe("sk_test_…", { host: "127.0.0.1", port, protocol: "http" })
// Dev and tests only. Scope: /work/shared/STRIPE-EMULATOR.md.

export interface StripeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  /** Every event is POSTed here (signed with webhookSecret), in addition to /v1/webhook_endpoints. */
  webhookUrl?: string;
  /** whsec_… used to sign deliveries to webhookUrl; generated when omitted. */
  webhookSecret?: string;
  /** Overrides of the knobs in core/config.ts. */
  config?: Partial<Omit<EmulatorConfig, "webhooks">> & { webhooks?: Partial<EmulatorConfig["webhooks"]> };
}

export interface StripeEmulator {
  url: string;
  host: string;
  port: number;
  webhookSecret: string;
  /** Resolves once every queued webhook delivery has been made (or given up). */
  idle(): Promise<void>;
  /** Forget all state, deliveries and idempotency keys; restore the start-up config. */
  reset(): void;
  stop(): Promise<void>;
  /** The live context, for in-process inspection in tests. */
  ctx: Ctx;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

function buildConfig(o: StripeEmulatorOptions["config"]): EmulatorConfig {
  const base = defaultConfig();
  return { ...base, ...o, webhooks: { ...base.webhooks, ...(o?.webhooks ?? {}) } };
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The Stripe emulator only listens on loopback, not ${host}.`);
  if (options.webhookUrl) assertLoopbackUrl(options.webhookUrl, "webhookUrl");
  const webhookSecret = options.webhookSecret ?? `whsec_${randomToken(32)}`;
  const router = new Router(apiRoutes);
  const idempotency = new IdempotencyStore();
  let ticker: NodeJS.Timeout | null = null;

  const ctx: Ctx = {
    state: createState(),
    config: buildConfig(options.config),
    baseUrl: "",
    request: null,
    defaultWebhook: options.webhookUrl ? { url: options.webhookUrl, secret: webhookSecret } : null,
    deliveries: undefined as unknown as DeliveryQueue,
  };
  const targets = (type: string): WebhookTarget[] => {
    const out: WebhookTarget[] = [];
    if (ctx.defaultWebhook) out.push({ ...ctx.defaultWebhook, endpointId: null });
    for (const w of ctx.state.webhookEndpoints.values()) {
      if (w.status !== "enabled") continue;
      if (w.enabledEvents.includes("*") || w.enabledEvents.includes(type))
        out.push({ url: w.url, secret: w.secret, endpointId: w.id });
    }
    return out;
  };
  ctx.deliveries = new DeliveryQueue(
    () => ctx.config,
    targets,
    (eventId) => {
      const e = ctx.state.events.get(eventId);
      if (e && e.pending_webhooks > 0) e.pending_webhooks -= 1;
    },
  );

  const startTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = null;
    if (ctx.config.tickMs > 0) {
      ticker = setInterval(() => {
        try {
          tickRealTime(ctx);
        } catch (e) {
          console.error("[stripe-emulator] scheduler error", e);
        }
      }, ctx.config.tickMs);
      ticker.unref();
    }
  };
  const hooks = {
    resetAll: () => {
      ctx.deliveries.clear();
      idempotency.clear();
      ctx.config = buildConfig(options.config);
      startTicker();
    },
    applyConfig: (c: EmulatorConfig) => {
      ctx.config = c;
      ctx.deliveries.reconfigure();
      startTicker();
    },
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = newId("req", 14);
    const method = req.method ?? "GET";
    const headers: Record<string, string> = { "Request-Id": requestId, "Stripe-Should-Retry": "false" };
    let status = 200;
    let text: string;
    let save: (() => void) | null = null;
    try {
      const body = await readBody(req);
      const apiKey = authenticate(req);
      const raw = parseForm(method === "POST" ? body : url.search.slice(1));
      const match = router.match(method, url.pathname);
      if (!match) throw unrecognizedUrl(method, url.pathname);
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      if (method === "POST" && key) {
        const fingerprint = idempotency.fingerprint(method, url.pathname, raw);
        const saved = idempotency.lookup(apiKey, key, fingerprint);
        if (saved) {
          sendJson(res, saved.status, saved.body, {
            ...headers,
            "Idempotent-Replayed": "true",
            "Original-Request": requestId,
          });
          return;
        }
        save = () => idempotency.save(apiKey, key, fingerprint, status, text);
      }
      tickRealTime(ctx);
      ctx.request = { id: requestId, idempotencyKey: key };
      const result = match.handler(ctx, { params: match.params, raw });
      text = JSON.stringify(applyExpand(ctx, result, expandParam(raw)), null, 2);
    } catch (e) {
      const answer = errorAnswer(e);
      if (answer.status === 500) console.error("[stripe-emulator]", e);
      status = answer.status;
      text = JSON.stringify(answer.body, null, 2);
    } finally {
      ctx.request = null;
    }
    if (save && shouldSave(status)) save();
    sendJson(res, status, text, headers);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname;
    let work: Promise<void>;
    if (path.startsWith("/_emulator/")) work = handleControl(ctx, hooks, req, res, path);
    else if (path.startsWith("/v1/") || path === "/v1") work = handleApi(req, res, url);
    else work = handleHosted(ctx, req, res, url);
    work.catch((e: unknown) => {
      console.error("[stripe-emulator]", e);
      if (!res.headersSent) sendJson(res, 500, errorAnswer(e).body);
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  ctx.baseUrl = `http://${urlHost}:${port}`;
  startTicker();

  return {
    url: ctx.baseUrl,
    host,
    port,
    webhookSecret,
    ctx,
    idle: () => ctx.deliveries.whenIdle(),
    reset: () => {
      ctx.state = createState();
      hooks.resetAll();
    },
    stop: async () => {
      if (ticker) clearInterval(ticker);
      ctx.deliveries.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
