import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Target } from "./target-guard";

const TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 1024;

export type PostResult = {
  ok: boolean;
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
};

// One POST to an address the guard allowed: connected to that address only (TLS still checks the name), no
// redirects followed, a 10 s limit, and only the first kilobyte of the answer kept.
export function postWebhook(
  target: Extract<Target, { ok: true }>,
  headers: Record<string, string>,
  body: string,
): Promise<PostResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const request = target.url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Math.round(performance.now() - started) });
    };
    const req = request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Berth-Webhooks/1",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const code = res.statusCode ?? 0;
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
          const redirect = code >= 300 && code < 400 ? `answered ${code} (redirects are not followed)` : null;
          done({
            ok: code >= 200 && code < 300,
            statusCode: code,
            excerpt,
            error: redirect ?? (code >= 200 && code < 300 ? null : `answered ${code}`),
          });
          res.destroy();
        };
        res.on("data", (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          if (size >= EXCERPT_BYTES) finish();
        });
        res.on("end", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, statusCode: null, excerpt: null, error: `no answer within ${TIMEOUT_MS / 1000} s` });
      req.destroy();
    }, TIMEOUT_MS);
    req.on("error", (error) => done({ ok: false, statusCode: null, excerpt: null, error: error.message }));
    req.end(body);
  });
}
