import { sql, type AnyColumn, type SQL } from "drizzle-orm";

export const PAGE_SIZE = 50;
export type Cursor = { at: string; id: string };

// Postgres keeps microseconds and a JS Date only milliseconds, so the cursor carries the timestamp as text.
export const cursorAt = (col: AnyColumn) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(c: Cursor) {
  return Buffer.from(`${c.at}|${c.id}`).toString("base64url");
}

const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|([0-9a-f-]{36})$/;

export function decodeCursor(raw: string | undefined | null): Cursor | null {
  if (!raw) return null;
  const m = CURSOR.exec(Buffer.from(raw, "base64url").toString("utf8"));
  return m ? { at: m[1]!, id: m[2]! } : null;
}

// Rows after the cursor in (created_at desc, id desc) order; a row-value comparison the (created_at, id) index serves.
export function after(createdAt: AnyColumn, id: AnyColumn, cursor: Cursor | null): SQL | undefined {
  return cursor ? sql`(${createdAt}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
}

// Fetch one row more than a page: its presence says whether there is a next page, without counting.
export function toPage<T extends { cursorAt: string; id: string }>(rows: T[], size = PAGE_SIZE) {
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, next: rows.length > size && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
}

export function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
