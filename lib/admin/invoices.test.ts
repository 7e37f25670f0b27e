import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decodeInvoiceCursor, listInvoices } from "@/lib/admin/queries/invoices";
import { dunningNotices, invoices, users } from "@/db/schema";
import { dunningLabel, dunningStage, dunningStages } from "@/lib/billing/dunning-stage";

const DAY = 86_400_000;

// One customer with 47 paid invoices, 3 whose payment failed, 2 open past their due date and 1 open but not yet due.
async function customerWithInvoices(tag: string) {
  const [user] = await db
    .insert(users)
    .values({ email: `${tag}-${randomUUID().slice(0, 8)}@example.test`, name: "Inv" })
    .returning();
  const base = Date.now() - 400 * DAY;
  const row = (i: number, v: Partial<typeof invoices.$inferInsert>) => ({
    stripeInvoiceId: `in_${tag}_${i}_${randomUUID().slice(0, 6)}`,
    userId: user!.id,
    stripeSubscriptionId: `sub_${tag}_${i % 2}`,
    status: "paid",
    currency: "usd",
    subtotal: 700,
    total: 700,
    amountDue: 700,
    amountPaid: 700,
    amountRemaining: 0,
    stripeCreatedAt: new Date(base + i * DAY),
    ...v,
  });
  const unpaid = { status: "open", amountPaid: 0, amountRemaining: 700 };
  await db
    .insert(invoices)
    .values([
      ...Array.from({ length: 47 }, (_, i) => row(i, {})),
      row(100, { ...unpaid, attemptCount: 1 }),
      row(101, { ...unpaid, attemptCount: 2 }),
      row(102, { status: "uncollectible", amountPaid: 0, amountRemaining: 700 }),
      row(103, { ...unpaid, dueDate: new Date(Date.now() - DAY) }),
      row(104, { ...unpaid, dueDate: new Date(Date.now() - 2 * DAY) }),
      row(105, { ...unpaid, dueDate: new Date(Date.now() + DAY) }),
    ]);
  return user!;
}

async function walk(p: Omit<Parameters<typeof listInvoices>[1], "cursor">) {
  const pages = [];
  let cursor: string | null = null;
  do {
    const page = await listInvoices(db, { ...p, cursor: decodeInvoiceCursor(cursor) });
    pages.push(page.items);
    cursor = page.next;
  } while (cursor && pages.length < 10);
  return pages;
}

describe("the staff invoice list", () => {
  it("lists failing invoices first, then the rest newest first, each once across pages", async () => {
    const user = await customerWithInvoices("fl");
    const pages = await walk({ email: user.email.slice(0, 11).toUpperCase() });
    expect(pages.map((p) => p.length)).toEqual([50, 3]);
    const all = pages.flat();
    expect(new Set(all.map((i) => i.id)).size).toBe(53);
    expect(all.slice(0, 5).map((i) => i.failing)).toEqual([true, true, true, true, true]);
    expect(all.slice(0, 5).map((i) => i.stripeInvoiceId.split("_")[2])).toEqual(["104", "103", "102", "101", "100"]);
    const rest = all.slice(5);
    expect(rest.every((i) => !i.failing)).toBe(true);
    expect(rest[0]!.stripeInvoiceId.split("_")[2]).toBe("105");
    expect(rest.map((i) => i.createdAt.getTime())).toEqual(
      rest.map((i) => i.createdAt.getTime()).sort((a, b) => b - a),
    );
    expect(all.every((i) => i.customerEmail === user.email)).toBe(true);
  });

  it("filters by status and finds nothing for an unknown email", async () => {
    const user = await customerWithInvoices("fs");
    const open = (await walk({ email: user.email, status: "open" })).flat();
    expect(open.map((i) => i.stripeInvoiceId.split("_")[2])).toEqual(["104", "103", "101", "100", "105"]);
    const paid = (await walk({ email: user.email, status: "paid" })).flat();
    expect(paid).toHaveLength(47);
    expect(paid.every((i) => i.status === "paid" && !i.failing)).toBe(true);
    expect(
      (await walk({ email: user.email, status: "uncollectible" }))
        .flat()
        .map((i) => [i.stripeInvoiceId.split("_")[2], i.failing]),
    ).toEqual([["102", true]]);
    expect((await walk({ email: user.email, status: "void" })).flat()).toEqual([]);
    expect((await listInvoices(db, { email: `nobody-${randomUUID()}`, cursor: null })).items).toEqual([]);
    expect((await listInvoices(db, { email: "100%_", cursor: null })).items).toEqual([]);
  });
});

describe("the dunning stage", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  it("follows the notices and the clock", () => {
    expect(dunningLabel(dunningStage([], now, 7))).toBe("none");
    expect(dunningLabel(dunningStage([{ stage: "resumed:in_1", createdAt: ago(1) }], now, 7))).toBe("none");
    expect(dunningLabel(dunningStage([{ stage: "payment_failed", createdAt: ago(0.5) }], now, 7))).toBe(
      "payment failed",
    );
    expect(dunningLabel(dunningStage([{ stage: "payment_failed", createdAt: ago(3.2) }], now, 7))).toBe(
      "grace day 3 of 7",
    );
    expect(dunningLabel(dunningStage([{ stage: "payment_failed", createdAt: ago(9) }], now, 7))).toBe(
      "grace day 7 of 7",
    );
    const suspended = [
      { stage: "payment_failed", createdAt: ago(8) },
      { stage: "suspended", createdAt: ago(1) },
    ];
    expect(dunningLabel(dunningStage(suspended, now, 7))).toBe("suspended");
    expect(dunningLabel(dunningStage([...suspended, { stage: "final_warning", createdAt: ago(0) }], now, 7))).toBe(
      "final warning",
    );
    expect(
      dunningLabel(
        dunningStage(
          [...suspended, { stage: "final_warning", createdAt: ago(2) }, { stage: "terminated", createdAt: ago(0) }],
          now,
          7,
        ),
      ),
    ).toBe("terminated");
  });

  it("loads the stages of many subscriptions in one go", async () => {
    const sub = `sub_stage_${randomUUID()}`;
    await db
      .insert(dunningNotices)
      .values({ stripeSubscriptionId: sub, stage: "payment_failed", createdAt: sql`now() - interval '2 days 1 hour'` });
    const stageOf = await dunningStages(db, [sub, null, "sub_without_notices"]);
    expect(stageOf(sub)).toMatchObject({ kind: "grace", day: 2 });
    expect(stageOf("sub_without_notices")).toEqual({ kind: "none" });
    expect(stageOf(null)).toEqual({ kind: "none" });
  });
});
