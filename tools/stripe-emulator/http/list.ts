import type Stripe from "stripe";
import { resourceMissing } from "../core/errors";

// Cursor pagination: https://docs.stripe.com/api/pagination — newest first, `limit` (1–100, default 10),
// `starting_after` / `ending_before` object ids, `has_more`. The SDK's auto-pagination relies on these.
export interface PageParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export function paginate<T extends { id: string }>(
  items: T[],
  p: PageParams,
  url: string,
  kind = "object",
): Stripe.ApiList<T> {
  const limit = p.limit ?? 10;
  if (p.starting_after !== undefined) {
    const i = items.findIndex((x) => x.id === p.starting_after);
    if (i === -1) throw resourceMissing(kind, p.starting_after, "starting_after");
    const rest = items.slice(i + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (p.ending_before !== undefined) {
    const i = items.findIndex((x) => x.id === p.ending_before);
    if (i === -1) throw resourceMissing(kind, p.ending_before, "ending_before");
    const before = items.slice(0, i);
    return {
      object: "list",
      data: before.slice(Math.max(0, before.length - limit)),
      has_more: before.length > limit,
      url,
    };
  }
  return { object: "list", data: items.slice(0, limit), has_more: items.length > limit, url };
}

/** Records in a Map, newest first (Maps keep insertion order; ties in `created` keep creation order). */
export function newestFirst<T extends { created: number }>(values: Iterable<T>): T[] {
  return [...values].reverse().sort((a, b) => b.created - a.created);
}
