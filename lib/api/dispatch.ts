import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { db } from "@/lib/db";
import { clientIp } from "@/lib/request-ip";
import { hitRateLimit, LIMITS } from "@/lib/rate-limit";
import { ApiError, type ApiErrorDetail } from "./errors";
import { claimIdempotencyKey, IDEMPOTENCY_KEY, releaseIdempotencyKey, saveIdempotentAnswer } from "./idempotency";
import type { Operation } from "./operation";
import { operations } from "./operations";
import { authenticateApiToken } from "./tokens";

const MAX_BODY_BYTES = 64 * 1024;
const POLICY = "per-token";

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function json({ status, body, headers }: Answer) {
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  if (status === 204) return new Response(null, { status, headers: h });
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers: h });
}

const errorAnswer = (e: ApiError, headers?: Record<string, string>): Answer => ({
  status: e.status,
  body: e.toJSON(),
  headers,
});

function match(path: string[]): { found: Operation[]; params: Record<string, string> } {
  const found: Operation[] = [];
  let params: Record<string, string> = {};
  for (const o of operations) {
    const parts = o.path.split("/").filter(Boolean);
    if (parts.length !== path.length) continue;
    const p: Record<string, string> = {};
    if (
      parts.every((part, i) => (part.startsWith("{") ? ((p[part.slice(1, -1)] = path[i]!), true) : part === path[i]))
    ) {
      found.push(o);
      params = p;
    }
  }
  return { found, params };
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.infer<S>;
  const details: ApiErrorDetail[] = parsed.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new ApiError("validation_failed", details[0]?.message ?? "The request is not valid.", details);
}

async function readBody(req: Request, o: Operation): Promise<{ raw: string; value: unknown }> {
  const raw = await req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES)
    throw new ApiError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`);
  if (!o.body) return { raw, value: undefined };
  if (!raw.trim()) return { raw, value: {} };
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? ""))
    throw new ApiError("unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.");
  try {
    return { raw, value: JSON.parse(raw) };
  } catch {
    throw new ApiError("validation_failed", "The body is not valid JSON.");
  }
}

const REFUSED: Record<string, string> = {
  missing: "Send a personal access token: Authorization: Bearer berth_pat_…",
  invalid: "That token is not valid.",
  expired: "That token has expired. Create a new one in Settings.",
  revoked: "That token was revoked.",
  account: "The token's account cannot use the API (it is suspended, closed or its email is not confirmed).",
};

// Everything under /api/v1: find the operation, check the token, its scope and its rate, validate the input,
// replay or record an idempotent call, run, and answer in one JSON shape.
export async function handleApiRequest(req: Request, path: string[]): Promise<Response> {
  return json(await answer(req, path).catch(unexpected));
}

function unexpected(error: unknown): Answer {
  if (error instanceof ApiError) return errorAnswer(error);
  console.error("api: unexpected error", error);
  return errorAnswer(new ApiError("internal_error", "Something went wrong on our side. Please try again."));
}

async function answer(req: Request, path: string[]): Promise<Answer> {
  const { found, params } = match(path);
  const o = found.find((c) => c.method === req.method);
  if (!found.length) throw new ApiError("not_found", "There is no such API endpoint.");
  if (!o) {
    const allow = found.map((c) => c.method).join(", ");
    return errorAnswer(new ApiError("method_not_allowed", `Use ${allow} here.`), { allow });
  }

  const ip = clientIp(req.headers);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? null;
  const auth = await authenticateApiToken(db, bearer, ip);
  if ("refused" in auth)
    return errorAnswer(new ApiError("unauthorized", REFUSED[auth.refused]!), { "www-authenticate": "Bearer" });
  // A customer's token meets a staff endpoint as if it did not exist, as /admin does.
  if (o.staff && auth.user.role === "customer") throw new ApiError("not_found", "There is no such API endpoint.");
  if (o.scope === "write" && auth.token.scope !== "write")
    throw new ApiError("insufficient_scope", "This token can only read. Create a token with read and write.");

  const rate = await hitRateLimit(db, `api:${auth.token.id}`, LIMITS.apiPerToken);
  const { limit, windowSeconds } = LIMITS.apiPerToken;
  const rateHeaders = {
    "ratelimit-policy": `"${POLICY}";q=${limit};w=${windowSeconds}`,
    ratelimit: `"${POLICY}";r=${rate.remaining};t=${rate.retryAfterSeconds}`,
  };
  if (rate.limited) {
    const e = new ApiError(
      "rate_limited",
      `Too many requests with this token; try again in ${rate.retryAfterSeconds} s.`,
    );
    return errorAnswer(e, { ...rateHeaders, "retry-after": String(rate.retryAfterSeconds) });
  }

  const withRate = (a: Answer): Answer => ({ ...a, headers: { ...a.headers, ...rateHeaders } });
  try {
    const { raw, value } = await readBody(req, o);
    const input = {
      params: parse(o.params, params, "params"),
      query: parse(o.query, Object.fromEntries(new URL(req.url).searchParams), "query"),
      body: parse(o.body, value, "body"),
    };
    const key = req.headers.get(IDEMPOTENCY_KEY);
    const ctx = { db, user: auth.user, token: auth.token, ip, requestId: key ?? randomUUID() };
    if (!key || o.method === "GET") return withRate(await run(o, ctx, input));

    const claim = await claimIdempotencyKey(db, auth.token.id, key, `${o.method} ${new URL(req.url).pathname}\n${raw}`);
    if (claim.replay) return withRate({ ...claim.replay, headers: { "idempotent-replayed": "true" } });
    try {
      const a = await run(o, ctx, input).catch((e) => {
        if (e instanceof ApiError) return errorAnswer(e);
        throw e;
      });
      await saveIdempotentAnswer(db, auth.token.id, key, a.status, a.body);
      return withRate(a);
    } catch (error) {
      await releaseIdempotencyKey(db, auth.token.id, key);
      throw error;
    }
  } catch (error) {
    return withRate(unexpected(error));
  }
}

async function run(o: Operation, ctx: Parameters<Operation["run"]>[0], input: Parameters<Operation["run"]>[1]) {
  const body = await o.run(ctx, input);
  return { status: o.status, body: o.status === 204 ? null : body };
}
