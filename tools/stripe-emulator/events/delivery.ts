import { request } from "node:http";
import type Stripe from "stripe";
import type { EmulatorConfig } from "../core/config";
import { createRng } from "../core/rng";
import { signPayload } from "./sign";
import { assertLoopbackUrl } from "./loopback";

// Webhook delivery: POST of the event JSON with a Stripe-Signature header, retried with capped
// exponential backoff until a 2xx. https://docs.stripe.com/webhooks#retries
// Stripe does not guarantee order or exactly-once delivery (https://docs.stripe.com/webhooks#event-ordering,
// https://docs.stripe.com/webhooks#handle-duplicate-events); the duplicate/shuffle/delay knobs reproduce that.

export interface WebhookTarget {
  url: string;
  secret: string;
  endpointId: string | null;
}

interface Delivery extends WebhookTarget {
  eventId: string;
  eventType: string;
  payload: string;
  attempt: number;
  dueAt: number;
}

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
}

export class DeliveryQueue {
  private pending: Delivery[] = [];
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private rng: () => number;
  private stopped = false;
  readonly attempts: DeliveryAttempt[] = [];

  constructor(
    private readonly config: () => EmulatorConfig,
    private readonly targets: (type: string) => WebhookTarget[],
    private readonly onDelivered: (eventId: string) => void,
  ) {
    this.rng = createRng(config().webhooks.seed);
  }

  /** Called after a config change: new seed, and deliveries held by `paused` may go now. */
  reconfigure(): void {
    this.rng = createRng(this.config().webhooks.seed);
    this.schedule(0);
  }

  targetsFor(type: string): WebhookTarget[] {
    return this.targets(type);
  }

  enqueue(event: Stripe.Event, targets: WebhookTarget[]): void {
    if (this.stopped || targets.length === 0) return;
    const cfg = this.config().webhooks;
    const payload = JSON.stringify(event, null, 2);
    const dueAt = Date.now() + cfg.delayMs;
    for (const t of targets) {
      const d: Delivery = { ...t, eventId: event.id, eventType: event.type, payload, attempt: 0, dueAt };
      this.pending.push(d);
      if (cfg.duplicateRate > 0 && this.rng() < cfg.duplicateRate) this.pending.push({ ...d });
    }
    this.schedule(0);
  }

  /** Resolves once nothing is pending or in flight (while `paused`, once nothing is in flight). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  isIdle(): boolean {
    if (this.busy) return false;
    return this.pending.length === 0 || this.config().webhooks.paused;
  }

  clear(): void {
    this.pending = [];
    this.attempts.length = 0;
    this.rng = createRng(this.config().webhooks.seed);
    this.settle();
  }

  stop(): void {
    this.stopped = true;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.settle();
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private schedule(ms: number): void {
    if (this.stopped || this.busy) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.pump();
      },
      Math.max(0, ms),
    );
  }

  private pickDue(): Delivery | undefined {
    if (this.config().webhooks.paused) return undefined;
    const now = Date.now();
    const due = this.pending.filter((d) => d.dueAt <= now);
    if (due.length === 0) return undefined;
    const pick = this.config().webhooks.shuffle ? due[Math.floor(this.rng() * due.length)]! : due[0]!;
    this.pending.splice(this.pending.indexOf(pick), 1);
    return pick;
  }

  private async pump(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      for (let d = this.pickDue(); d && !this.stopped; d = this.pickDue()) {
        await this.attempt(d);
      }
    } finally {
      this.busy = false;
    }
    if (this.pending.length > 0 && !this.config().webhooks.paused) {
      const next = Math.min(...this.pending.map((d) => d.dueAt));
      this.schedule(next - Date.now());
    }
    this.settle();
  }

  private async attempt(d: Delivery): Promise<void> {
    const cfg = this.config().webhooks;
    d.attempt += 1;
    const header = signPayload(d.payload, d.secret, Math.floor(Date.now() / 1000));
    const result = await post(d.url, d.payload, header, cfg.timeoutMs);
    this.attempts.push({
      eventId: d.eventId,
      eventType: d.eventType,
      url: d.url,
      attempt: d.attempt,
      ...result,
      at: Date.now(),
    });
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      this.onDelivered(d.eventId);
      return;
    }
    if (d.attempt >= cfg.maxAttempts) return;
    const backoff = Math.min(cfg.retryBaseMs * 2 ** (d.attempt - 1), cfg.retryMaxMs);
    this.pending.push({ ...d, dueAt: Date.now() + backoff });
  }
}

function post(
  url: string,
  body: string,
  signature: string,
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    try {
      assertLoopbackUrl(url);
    } catch (e) {
      resolve({ status: null, error: (e as Error).message });
      return;
    }
    const req = request(
      url,
      {
        method: "POST",
        timeout: timeoutMs,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(body),
          "Stripe-Signature": signature,
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? null, error: null }));
        res.on("error", (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: null, error: e.message }));
    req.end(body);
  });
}
