import { z } from "zod";
import type { QueueCursor, QueueFilter } from "@/lib/support/queries";
import type { TicketStatus } from "./schemas";

export const QUEUE_PAGE_SIZE = 50;

export const QUEUE_VIEWS = {
  active: { label: "Open and waiting", statuses: ["open", "waiting_on_customer"] },
  open: { label: "Open", statuses: ["open"] },
  waiting_on_customer: { label: "Waiting on customer", statuses: ["waiting_on_customer"] },
  closed: { label: "Closed", statuses: ["closed"] },
  all: { label: "All", statuses: ["open", "waiting_on_customer", "closed"] },
} satisfies Record<string, { label: string; statuses: TicketStatus[] }>;
export type QueueView = keyof typeof QUEUE_VIEWS;

const cursorSchema = z.tuple([z.coerce.number().int().min(0).max(2), z.iso.datetime({ precision: 6 }), z.uuid()]);

// The cursor is the last row's (status rank, last_message_at to the microsecond, id), joined with "_".
export const encodeCursor = (c: QueueCursor) => `${c.rank}_${c.at}_${c.id}`;

export function decodeCursor(value: string | undefined): QueueCursor | undefined {
  const parsed = cursorSchema.safeParse(value?.split("_"));
  return parsed.success ? { rank: parsed.data[0], at: parsed.data[1], id: parsed.data[2] } : undefined;
}

export type QueueParams = { status?: string | string[]; mine?: string | string[]; after?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Unknown values fall back to the default view rather than erroring: these come from hand-edited URLs.
export function parseQueueParams(params: QueueParams, staffId: string) {
  const requested = one(params.status);
  const view: QueueView = requested && Object.hasOwn(QUEUE_VIEWS, requested) ? (requested as QueueView) : "active";
  const mine = one(params.mine) === "1";
  const after = decodeCursor(one(params.after));
  const filter: QueueFilter = {
    statuses: [...QUEUE_VIEWS[view].statuses],
    assigneeId: mine ? staffId : undefined,
    after,
    limit: QUEUE_PAGE_SIZE,
  };
  return { view, mine, after, filter };
}

export function queueHref(p: { view: QueueView; mine: boolean; after?: string }) {
  const q = new URLSearchParams();
  if (p.view !== "active") q.set("status", p.view);
  if (p.mine) q.set("mine", "1");
  if (p.after) q.set("after", p.after);
  const s = q.toString();
  return s ? `/admin/tickets?${s}` : "/admin/tickets";
}
