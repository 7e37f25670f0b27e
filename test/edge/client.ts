import { createHash, randomBytes } from "node:crypto";
import https from "node:https";
import http from "node:http";
import type { LookupFunction, Socket } from "node:net";
import { env } from "@/lib/env";
import { edgeRootCertificate } from "@/lib/edge/trust";

// What a browser does with *.localhost: every name resolves to loopback (the system resolver here does not).
const loopback: LookupFunction = (_host, options, callback) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

// `servers`: every Server header as sent (Node keeps only the first in `headers`; the edge adds its own).
export type EdgeAnswer = { status: number; headers: http.IncomingHttpHeaders; servers: string[]; body: string };

// One request to the edge, as a client that trusts only the edge's local CA (the chain must verify).
export async function edgeRequest(
  url: string,
  o: { method?: string; body?: AsyncIterable<Buffer> | Buffer; headers?: Record<string, string> } = {},
): Promise<EdgeAnswer> {
  const target = new URL(url);
  const ca = target.protocol === "https:" ? await edgeRootCertificate(env.EDGE_ADMIN_URL!) : undefined;
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      { method: o.method ?? "GET", headers: o.headers, ca, lookup: loopback, agent: false, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            servers: serverValues(res.rawHeaders),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    req.on("error", reject);
    if (!o.body || Buffer.isBuffer(o.body)) req.end(o.body);
    else
      void (async () => {
        for await (const chunk of o.body as AsyncIterable<Buffer>) if (!req.write(chunk)) await waitDrain(req);
        req.end();
      })().catch((error: Error) => req.destroy(error));
  });
}

const waitDrain = (req: http.ClientRequest) => new Promise<void>((r) => req.once("drain", () => r()));

// A WebSocket handshake through the edge: resolves with the upgraded socket once the app accepted it (101).
export async function edgeWebSocket(url: string): Promise<{ socket: Socket; accept: string; expected: string }> {
  const target = new URL(url);
  const ca = await edgeRootCertificate(env.EDGE_ADMIN_URL!);
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const req = https.request(target, {
      ca,
      lookup: loopback,
      agent: false,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" },
    });
    req.on("upgrade", (res, socket) =>
      resolve({ socket, accept: String(res.headers["sec-websocket-accept"]), expected: webSocketAccept(key) }),
    );
    req.on("response", (res) =>
      reject(new Error(`the edge answered ${res.statusCode} instead of switching protocols`)),
    );
    req.on("error", reject);
    req.end();
  });
}

export const webSocketAccept = (key: string) =>
  createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC11D65`).digest("base64");

function serverValues(raw: string[]) {
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (/^server$/i.test(raw[i]!)) values.push(raw[i + 1]!);
  return values;
}
