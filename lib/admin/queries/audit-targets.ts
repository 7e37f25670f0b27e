import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import {
  cannedReplies,
  hosts,
  instances,
  invoices,
  plans,
  stacks,
  tickets,
  users,
  webhookEndpoints,
} from "@/db/schema";

export type AuditTarget = { label: string; href: string | null };
type Ref = { targetType: string; targetId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What each kind of audited record is called and where staff see it; one query per kind on the page.
const KINDS: Record<string, (db: Db, ids: string[]) => Promise<[string, AuditTarget][]>> = {
  user: async (db, ids) =>
    (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids))).map((r) => [
      r.id,
      { label: r.email, href: `/admin/users/${r.id}` },
    ]),
  instance: async (db, ids) =>
    (await db.select({ id: instances.id, name: instances.name }).from(instances).where(inArray(instances.id, ids))).map(
      (r) => [r.id, { label: r.name, href: `/admin/instances/${r.id}` }],
    ),
  ticket: async (db, ids) =>
    (
      await db
        .select({ id: tickets.id, number: tickets.number, subject: tickets.subject })
        .from(tickets)
        .where(inArray(tickets.id, ids))
    ).map((r) => [r.id, { label: `#${r.number} ${r.subject}`, href: `/admin/tickets/${r.id}` }]),
  host: async (db, ids) =>
    (await db.select({ id: hosts.id, name: hosts.name }).from(hosts).where(inArray(hosts.id, ids))).map((r) => [
      r.id,
      { label: r.name, href: "/admin/hosts" },
    ]),
  plan: async (db, ids) =>
    (await db.select({ id: plans.id, name: plans.name }).from(plans).where(inArray(plans.id, ids))).map((r) => [
      r.id,
      { label: r.name, href: `/admin/catalog/plans/${r.id}` },
    ]),
  stack: async (db, ids) =>
    (await db.select({ id: stacks.id, name: stacks.name }).from(stacks).where(inArray(stacks.id, ids))).map((r) => [
      r.id,
      { label: r.name, href: `/admin/catalog/stacks/${r.id}` },
    ]),
  webhook_endpoint: async (db, ids) =>
    (
      await db
        .select({ id: webhookEndpoints.id, url: webhookEndpoints.url })
        .from(webhookEndpoints)
        .where(inArray(webhookEndpoints.id, ids))
    ).map((r) => [r.id, { label: r.url, href: `/admin/webhooks/${r.id}` }]),
  invoice: async (db, ids) =>
    (
      await db
        .select({
          id: invoices.id,
          number: invoices.number,
          stripeId: invoices.stripeInvoiceId,
          userId: invoices.userId,
        })
        .from(invoices)
        .where(inArray(invoices.id, ids))
    ).map((r) => [r.id, { label: r.number ?? r.stripeId, href: `/admin/users/${r.userId}` }]),
  canned_reply: async (db, ids) =>
    (
      await db
        .select({ id: cannedReplies.id, title: cannedReplies.title })
        .from(cannedReplies)
        .where(inArray(cannedReplies.id, ids))
    ).map((r) => [r.id, { label: r.title, href: "/admin/tickets/canned" }]),
};

// Names and links for the targets of these audit entries, keyed "type:id"; a record since deleted keeps its id.
export async function auditTargets(db: Db, rows: Ref[]): Promise<Map<string, AuditTarget>> {
  const byKind = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.targetId || !UUID.test(r.targetId) || !KINDS[r.targetType]) continue;
    byKind.set(r.targetType, (byKind.get(r.targetType) ?? new Set()).add(r.targetId));
  }
  const found = await Promise.all(
    [...byKind].map(async ([kind, ids]) =>
      (await KINDS[kind]!(db, [...ids])).map(([id, t]) => [`${kind}:${id}`, t] as const),
    ),
  );
  return new Map(found.flat());
}
