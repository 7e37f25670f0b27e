import { eq, sql } from "drizzle-orm";
import { db } from "../../db";
import { listAudit } from "../../db/queries/admin-audit";
import { hostUsage } from "../../db/queries/admin-hosts";
import { listInstances } from "../../db/queries/admin-instances";
import { overviewStats } from "../../db/queries/admin-overview";
import { listUsers } from "../../db/queries/admin-users";
import { catalogUsage } from "../../db/queries/admin-catalog";
import { hosts, plans, users } from "../../db/schema";
import { decodeCursor } from "../../lib/admin/keyset";

// What the admin pages ask for: first pages, a deep page through a cursor, each filter, and the overview.
export async function cases() {
  const [host] = await db.select().from(hosts).where(sql`${hosts.name} like 'bench-%'`).limit(1);
  const [plan] = await db.select().from(plans).limit(1);
  const [owner] = await db.select().from(users).where(eq(users.email, "user4242@example.test"));
  const [staff] = await db.select().from(users).where(eq(users.role, "staff")).limit(1);
  let deep: string | null = null;
  for (let i = 0; i < 40; i++) deep = (await listUsers(db, { cursor: decodeCursor(deep) })).next;
  let deepInstances: string | null = null;
  for (let i = 0; i < 40; i++) deepInstances = (await listInstances(db, { cursor: decodeCursor(deepInstances) })).next;
  return [
    { name: "users: first page", run: () => listUsers(db, { cursor: null }) },
    { name: "users: page 41 by cursor", run: () => listUsers(db, { cursor: decodeCursor(deep) }) },
    { name: "users: search 'grace'", run: () => listUsers(db, { q: "grace", cursor: null }) },
    { name: "users: search 'user4242'", run: () => listUsers(db, { q: "user4242", cursor: null }) },
    { name: "users: search with no match", run: () => listUsers(db, { q: "zzzz-nobody", cursor: null }) },
    { name: "instances: first page", run: () => listInstances(db, { cursor: null }) },
    { name: "instances: page 41 by cursor", run: () => listInstances(db, { cursor: decodeCursor(deepInstances) }) },
    { name: "instances: status=failed", run: () => listInstances(db, { status: "failed", cursor: null }) },
    { name: "instances: host", run: () => listInstances(db, { hostId: host!.id, cursor: null }) },
    { name: "instances: plan", run: () => listInstances(db, { planId: plan!.id, cursor: null }) },
    { name: "instances: owner email", run: () => listInstances(db, { ownerEmail: owner!.email, cursor: null }) },
    { name: "audit: first page", run: () => listAudit(db, { cursor: null }) },
    { name: "audit: action", run: () => listAudit(db, { action: "host.drain", cursor: null }) },
    { name: "audit: actor", run: () => listAudit(db, { actorEmail: staff!.email, cursor: null }) },
    { name: "audit: last 7 days", run: () => listAudit(db, { from: new Date(Date.now() - 7 * 86_400_000), cursor: null }) },
    { name: "hosts: capacity", run: () => hostUsage(db) },
    { name: "catalog: usage", run: () => catalogUsage(db) },
    { name: "overview: stats", run: () => overviewStats(db) },
  ];
}
