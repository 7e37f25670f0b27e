import { formatDateTime } from "@/lib/format";

export const when = (d: Date | null | undefined) => (d ? formatDateTime(d) : "—");

// Search params arrive as string | string[] | undefined; the admin filters take one value each.
export function one(v: string | string[] | undefined) {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s.trim() : undefined;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
