import { eq, sql } from "drizzle-orm";
import { db } from "../../lib/db";
import { listAudit } from "../../lib/admin/queries/audit-log";
import { hostUsage } from "../../lib/admin/queries/hosts";
import { listInstances } from "../../lib/admin/queries/instances";
import { decodeInvoiceCursor, listInvoices } from "../../lib/admin/queries/invoices";
import { overviewStats } from "../../lib/admin/queries/overview";
import { listUsers, userDetail } from "../../lib/admin/queries/users";
import { catalogUsage } from "../../lib/admin/queries/catalog";
import { listOwnedInstances, ownerKeys } from "../../lib/instances/queries";
import { ticketQueue } from "../../lib/support/queries";
import { hosts, instances, plans, users } from "../../db/schema";
import { decodeCursor } from "../../lib/admin/keyset";
import { dunningStages } from "../../lib/billing/dunning-stage";
import { failingInvoices, listOwnerInvoices, listOwnerSubscriptions } from "../../lib/billing/queries";
import { encodeCursor as encodeQueueCursor, QUEUE_PAGE_SIZE, QUEUE_VIEWS } from "../../lib/support/queue";
import type { Case } from "./measure";

// Follows "next" as a staff member clicking through would, to get a cursor deep in the list.
async function deepCursor(next: (cursor: string | null) => Promise<string | null>, pages = 40) {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) cursor = await next(cursor);
  return cursor;
}

// The invoice page's two steps: the list, then the dunning stage of each listed subscription.
async function invoicePage(p: Parameters<typeof listInvoices>[1]) {
  const page = await listInvoices(db, p);
  await dunningStages(
    db,
    page.items.map((i) => i.stripeSubscriptionId),
  );
  return page;
}

// Ids, emails and cursors deep in each list, found the way a staff member clicking "Next page" would.
async function fixtures() {
  const [host] = await db
    .select()
    .from(hosts)
    .where(sql`${hosts.name} like 'bench-%'`)
    .limit(1);
  const [plan] = await db.select().from(plans).limit(1);
  const [owner] = await db.select().from(users).where(eq(users.email, "user4242@example.test"));
  const [staff] = await db.select().from(users).where(eq(users.role, "staff")).limit(1);
  const deepUsers = await deepCursor(async (c) => (await listUsers(db, { cursor: decodeCursor(c) })).next);
  const deepInstances = await deepCursor(async (c) => (await listInstances(db, { cursor: decodeCursor(c) })).next);
  const deepInvoices = await deepCursor(async (c) => (await listInvoices(db, { cursor: decodeInvoiceCursor(c) })).next);
  const deepAudit = await deepCursor(async (c) => (await listAudit(db, { cursor: decodeCursor(c) })).next);
  let deepTickets = (await ticketQueue(db, queue("all"))).next;
  for (let i = 1; i < 40 && deepTickets; i++)
    deepTickets = (await ticketQueue(db, { ...queue("all"), after: deepTickets })).next;
  return {
    host: host!,
    plan: plan!,
    owner: owner!,
    staff: staff!,
    deepUsers,
    deepInstances,
    deepInvoices,
    deepAudit,
    deepTickets,
  };
}

const queue = (view: keyof typeof QUEUE_VIEWS) => ({
  statuses: [...QUEUE_VIEWS[view].statuses],
  limit: QUEUE_PAGE_SIZE,
});

// What the admin pages and the customer's own pages ask the database for: first pages, a deep page through
// a cursor, each filter and search, the overview, a user's detail page, and a customer's dashboard and billing.
export async function cases(customerId: string): Promise<Case[]> {
  const { host, plan, owner, staff, deepUsers, deepInstances, deepInvoices, deepAudit, deepTickets } = await fixtures();
  return [
    { name: "users: first page", run: () => listUsers(db, { cursor: null }) },
    { name: "users: page 41 by cursor", run: () => listUsers(db, { cursor: decodeCursor(deepUsers) }) },
    { name: "users: search 'grace'", run: () => listUsers(db, { q: "grace", cursor: null }) },
    { name: "users: search 'user4242'", run: () => listUsers(db, { q: "user4242", cursor: null }) },
    { name: "users: search with no match", run: () => listUsers(db, { q: "zzzz-nobody", cursor: null }) },
    {
      name: "user detail: user4242",
      run: async () => {
        const d = await userDetail(db, owner.id);
        await dunningStages(
          db,
          d!.invoices.map((i) => i.stripeSubscriptionId),
        );
      },
    },
    { name: "instances: first page", run: () => listInstances(db, { cursor: null }) },
    { name: "instances: page 41 by cursor", run: () => listInstances(db, { cursor: decodeCursor(deepInstances) }) },
    { name: "instances: status=failed", run: () => listInstances(db, { status: "failed", cursor: null }) },
    { name: "instances: host", run: () => listInstances(db, { hostId: host.id, cursor: null }) },
    { name: "instances: plan", run: () => listInstances(db, { planId: plan.id, cursor: null }) },
    { name: "instances: owner email", run: () => listInstances(db, { ownerEmail: owner.email, cursor: null }) },
    { name: "invoices: first page (failing first)", run: () => invoicePage({ cursor: null }) },
    { name: "invoices: page 41 by cursor", run: () => invoicePage({ cursor: decodeInvoiceCursor(deepInvoices) }) },
    { name: "invoices: status=paid", run: () => invoicePage({ status: "paid", cursor: null }) },
    { name: "invoices: status=uncollectible", run: () => invoicePage({ status: "uncollectible", cursor: null }) },
    { name: "invoices: search 'user4242'", run: () => invoicePage({ email: "user4242", cursor: null }) },
    { name: "invoices: search with no match", run: () => invoicePage({ email: "zzzz-nobody", cursor: null }) },
    { name: "tickets: open and waiting", run: () => ticketQueue(db, queue("active")) },
    {
      name: "tickets: all, page 40 by cursor",
      run: () => ticketQueue(db, { ...queue("all"), after: deepTickets ?? undefined }),
    },
    { name: "tickets: closed", run: () => ticketQueue(db, queue("closed")) },
    { name: "tickets: assigned to me", run: () => ticketQueue(db, { ...queue("active"), assigneeId: staff.id }) },
    { name: "audit: first page", run: () => listAudit(db, { cursor: null }) },
    { name: "audit: page 41 by cursor", run: () => listAudit(db, { cursor: decodeCursor(deepAudit) }) },
    { name: "audit: action", run: () => listAudit(db, { action: "host.drain", cursor: null }) },
    { name: "audit: actor", run: () => listAudit(db, { actorEmail: staff.email, cursor: null }) },
    {
      name: "audit: last 7 days",
      run: () => listAudit(db, { from: new Date(Date.now() - 7 * 86_400_000), cursor: null }),
    },
    { name: "hosts: capacity", run: () => hostUsage(db) },
    { name: "catalog: usage", run: () => catalogUsage(db) },
    { name: "overview: stats", run: () => overviewStats(db) },
    {
      name: "customer: dashboard",
      run: () => Promise.all([listOwnedInstances(db, customerId), ownerKeys(db, customerId)]),
    },
    { name: "customer: instances", run: () => listOwnedInstances(db, customerId) },
    {
      name: "customer: billing (database part)",
      run: () => Promise.all([listOwnerSubscriptions(db, customerId), failingInvoices(db, customerId)]),
    },
    { name: "customer: invoices", run: () => listOwnerInvoices(db, customerId) },
  ];
}

export type Page = { name: string; path: string; as: "staff" | "customer" };
const q = (params: Record<string, string | null | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return search ? `?${search}` : "";
};

// The same pages over HTTP: what a staff member and a customer actually load, rendering included.
export async function pages(): Promise<{ pages: Page[]; staff: typeof users.$inferSelect }> {
  const { owner, staff, deepUsers, deepInstances, deepInvoices, deepAudit, deepTickets } = await fixtures();
  // One of the dashboard customer's own instances (seedDashboardCustomer), for the instance page.
  const [own] = await db
    .select({ id: instances.id })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(eq(users.email, "dashboard@example.test"))
    .limit(1);
  const admin = (name: string, path: string): Page => ({ name, path, as: "staff" });
  const mine = (name: string, path: string): Page => ({ name, path, as: "customer" });
  return {
    staff,
    pages: [
      admin("users: first page", "/admin/users"),
      admin("users: page 41 by cursor", `/admin/users${q({ cursor: deepUsers })}`),
      admin("users: search 'user4242'", `/admin/users${q({ q: "user4242" })}`),
      admin("user detail: user4242", `/admin/users/${owner.id}`),
      admin("instances: first page", "/admin/instances"),
      admin("instances: page 41 by cursor", `/admin/instances${q({ cursor: deepInstances })}`),
      admin("instances: owner email", `/admin/instances${q({ owner: owner.email })}`),
      admin("invoices: first page (failing first)", "/admin/invoices"),
      admin("invoices: page 41 by cursor", `/admin/invoices${q({ cursor: deepInvoices })}`),
      admin("invoices: search 'user4242'", `/admin/invoices${q({ email: "user4242" })}`),
      admin("invoices: status=uncollectible", `/admin/invoices${q({ status: "uncollectible" })}`),
      admin("tickets: open and waiting", "/admin/tickets"),
      admin(
        "tickets: all, page 40 by cursor",
        `/admin/tickets${q({ status: "all", after: deepTickets ? encodeQueueCursor(deepTickets) : null })}`,
      ),
      admin("audit: first page", "/admin/audit"),
      admin("audit: page 41 by cursor", `/admin/audit${q({ cursor: deepAudit })}`),
      admin("audit: actor", `/admin/audit${q({ actor: staff.email })}`),
      admin("overview", "/admin"),
      admin("jobs", "/admin/jobs"),
      mine("customer: dashboard", "/dashboard"),
      mine("customer: instances", "/instances"),
      mine("customer: billing", "/billing"),
      mine("customer: invoices", "/billing/invoices"),
      ...(own ? [mine("customer: instance page", `/instances/${own.id}`)] : []),
    ],
  };
}
