import { and, desc, eq, ilike, inArray, not, or, sql, type SQL } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { instances, invoices, users } from "@/db/schema";
import { cursorAt, escapeLike, PAGE_SIZE, type Cursor } from "@/lib/admin/keyset";

export const INVOICE_STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceFilter = { status?: InvoiceStatus; email?: string };
// The list runs in two segments, failing invoices first, each newest first; the cursor names its segment.
export type InvoiceCursor = Cursor & { failing: boolean };

// Needs staff attention: an open invoice whose payment failed or whose due date passed, or one Stripe gave up on.
const unpaidOpen = sql`(${invoices.attemptCount} > 0 or coalesce(${invoices.dueDate} < now(), false))`;

// What each segment adds to the status filter (null: the segment cannot match). Spelled per status rather than
// as one predicate, so the planner sees no redundant condition and estimates each segment's size correctly.
function segmentsFor(status: InvoiceStatus | undefined): {
  failing: SQL | undefined | null;
  rest: SQL | undefined | null;
} {
  if (status === "open") return { failing: unpaidOpen, rest: not(unpaidOpen) };
  if (status === "uncollectible") return { failing: undefined, rest: null };
  if (status) return { failing: null, rest: undefined };
  const failing = or(and(eq(invoices.status, "open"), unpaidOpen), eq(invoices.status, "uncollectible"))!;
  return { failing, rest: not(failing) };
}

export function encodeInvoiceCursor(c: InvoiceCursor) {
  return Buffer.from(`${c.failing ? "f" : "r"}|${c.at}|${c.id}`).toString("base64url");
}

const CURSOR = /^([fr])\|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|([0-9a-f-]{36})$/;

export function decodeInvoiceCursor(raw: string | undefined | null): InvoiceCursor | null {
  if (!raw) return null;
  const m = CURSOR.exec(Buffer.from(raw, "base64url").toString("utf8"));
  return m ? { failing: m[1] === "f", at: m[2]!, id: m[3]! } : null;
}

async function segment(db: Db, where: (SQL | undefined)[], limit: number) {
  return db
    .select({
      id: invoices.id,
      stripeInvoiceId: invoices.stripeInvoiceId,
      number: invoices.number,
      status: invoices.status,
      currency: invoices.currency,
      total: invoices.total,
      amountDue: invoices.amountDue,
      amountRemaining: invoices.amountRemaining,
      startingBalance: invoices.startingBalance,
      attemptCount: invoices.attemptCount,
      dueDate: invoices.dueDate,
      paidAt: invoices.paidAt,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      createdAt: invoices.stripeCreatedAt,
      stripeSubscriptionId: invoices.stripeSubscriptionId,
      userId: invoices.userId,
      customerEmail: sql<string>`coalesce(${invoices.customerEmail}, ${users.email})`,
      instanceId: invoices.instanceId,
      instanceName: instances.name,
      cursorAt: cursorAt(invoices.stripeCreatedAt),
    })
    .from(invoices)
    .innerJoin(users, eq(users.id, invoices.userId))
    .leftJoin(instances, eq(instances.id, invoices.instanceId))
    .where(and(...where))
    .orderBy(desc(invoices.stripeCreatedAt), desc(invoices.id))
    .limit(limit);
}

// Every mirrored invoice for staff: failing ones first, then the rest, newest first within each.
// The email search is a case-insensitive substring, resolved through the users and invoices email trigram indexes.
export async function listInvoices(db: Db, p: InvoiceFilter & { cursor: InvoiceCursor | null; limit?: number }) {
  const limit = p.limit ?? PAGE_SIZE;
  const q = p.email?.trim();
  const common = [
    p.status ? eq(invoices.status, p.status) : undefined,
    // The account's email now, or the one the invoice was made out to (all that is left of a deleted account).
    // A union of two indexed lookups: written as one OR, the planner cannot size it and walks every invoice.
    q
      ? inArray(
          invoices.id,
          union(
            db
              .select({ id: invoices.id })
              .from(invoices)
              .where(
                inArray(
                  invoices.userId,
                  db
                    .select({ id: users.id })
                    .from(users)
                    .where(ilike(users.email, `%${escapeLike(q)}%`)),
                ),
              ),
            db
              .select({ id: invoices.id })
              .from(invoices)
              .where(ilike(invoices.customerEmail, `%${escapeLike(q)}%`)),
          ),
        )
      : undefined,
  ];
  const after = (c: InvoiceCursor | null) =>
    c ? sql`(${invoices.stripeCreatedAt}, ${invoices.id}) < (${c.at}::timestamptz, ${c.id}::uuid)` : undefined;
  const segments = segmentsFor(p.status);
  const rows: (Awaited<ReturnType<typeof segment>>[number] & { failing: boolean })[] = [];
  if (segments.failing !== null && (!p.cursor || p.cursor.failing)) {
    const found = await segment(db, [...common, segments.failing, after(p.cursor)], limit + 1);
    rows.push(...found.map((r) => ({ ...r, failing: true })));
  }
  if (segments.rest !== null && rows.length <= limit) {
    const found = await segment(
      db,
      [...common, segments.rest, after(p.cursor?.failing ? null : p.cursor)],
      limit + 1 - rows.length,
    );
    rows.push(...found.map((r) => ({ ...r, failing: false })));
  }
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    next:
      rows.length > limit && last
        ? encodeInvoiceCursor({ failing: last.failing, at: last.cursorAt, id: last.id })
        : null,
  };
}
