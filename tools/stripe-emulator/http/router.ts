import type { Ctx } from "../core/context";
import type { FormObject } from "./form";

export type Method = "GET" | "POST" | "DELETE";

export interface ApiRequest {
  /** Path parameters, in the order they appear in the pattern. */
  params: string[];
  /** Parsed form body (POST) or query string (GET/DELETE). */
  raw: FormObject;
}

export type Handler = (ctx: Ctx, req: ApiRequest) => object;

export interface Route {
  method: Method;
  pattern: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
}

export function route(method: Method, pattern: string, handler: Handler): Route {
  return { method, pattern, handler };
}

export class Router {
  private readonly compiled: CompiledRoute[];
  constructor(routes: Route[]) {
    this.compiled = routes.map((r) => ({
      ...r,
      regex: new RegExp(`^${r.pattern.replace(/:[a-z_]+/g, "([^/]+)")}$`),
    }));
  }

  match(method: string, path: string): { handler: Handler; params: string[] } | undefined {
    for (const r of this.compiled) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (m) return { handler: r.handler, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return undefined;
  }
}
