import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/admin/audit";
import { verifyWebhook } from "@/lib/webhooks/signature";

export type Received = {
  id: string;
  type: string;
  data: Record<string, unknown>;
  verified: boolean;
  answered: number;
  headers: Record<string, string | undefined>;
};

// A receiver for the webhook suites on 127.0.0.1: it checks each request's signature with `secret` (set once
// the endpoint exists) and answers 500 to the first attempt of the first `failFirst` events it is sent.
export async function startReceiver(opts: { failFirst?: number; alwaysFail?: boolean } = {}) {
  const received: Received[] = [];
  const failed = new Set<string>();
  const state = { secret: "" };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": req.headers["webhook-id"] as string,
        "webhook-timestamp": req.headers["webhook-timestamp"] as string,
        "webhook-signature": req.headers["webhook-signature"] as string,
      };
      const id = headers["webhook-id"] ?? "";
      const parsed = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      const failNow =
        opts.alwaysFail ||
        (failed.size < (opts.failFirst ?? 0) && !failed.has(id) && !received.some((r) => r.id === id));
      if (failNow) failed.add(id);
      const answered = failNow ? 500 : 200;
      received.push({
        id,
        type: parsed.type,
        data: parsed.data,
        verified: verifyWebhook(state.secret, headers, body),
        answered,
        headers,
      });
      res.writeHead(answered, { "content-type": "text/plain" }).end(failNow ? "not today" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    state,
    accepted: () => received.filter((r) => r.answered === 200),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function adminActor(tag = "admin"): Promise<Actor & { email: string }> {
  const email = `${tag}-${randomUUID()}@example.test`;
  const [row] = await db
    .insert(users)
    .values({ name: "Operator", email, role: "admin", emailVerified: new Date() })
    .returning();
  return { id: row!.id, ip: "203.0.113.9", email };
}
