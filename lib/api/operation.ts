import type { z } from "zod";
import type { Db } from "@/db";
import type { ApiToken } from "@/db/schema";
import { ApiError } from "./errors";
import type { TokenUser } from "./tokens";

// Who is calling and how: handed to every operation.
export type ApiContext = {
  db: Db;
  user: TokenUser;
  token: ApiToken;
  ip: string;
  // The caller's Idempotency-Key, or a fresh id: what the domain's own double-submit guards key on.
  requestId: string;
};

type AnyObject = z.ZodObject;

// One operation of /api/v1: its route, who may call it, its inputs and its answer. The dispatcher validates the
// inputs with these schemas before `run`, and the OpenAPI document is generated from the same list.
export type Operation<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: "read" | "write";
  staff?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  // null: 204 No Content.
  response: R | null;
  status: 200 | 201 | 202 | 204;
  run: (ctx: ApiContext, input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }) => Promise<z.input<R>>;
};

export const op = <P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  o: Operation<P, Q, B, R>,
) => o as unknown as Operation;

// A domain refusal (`{ error }`) becomes the API's error; anything else passes through.
export function unwrap<T extends object>(result: T | { error: string }): T {
  if ("error" in result && typeof result.error === "string") {
    throw new ApiError(/not found/i.test(result.error) ? "not_found" : "action_refused", result.error);
  }
  return result as T;
}
