import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listAudit } from "@/lib/admin/queries/audit-log";
import { listInstances } from "@/lib/admin/queries/instances";
import { listUsers } from "@/lib/admin/queries/users";
import { auditLog, instances, users } from "@/db/schema";
import { catalogIds } from "@/test/instances/world";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { decodeCursor } from "./keyset";
import { staffActor } from "@/test/admin/staff";

// Follows "next" until the end, as the pages do.
async function walk<T extends { id: string }>(
  fetch: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
) {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.next;
  } while (cursor && pages.length < 20);
  return pages;
}

describe("keyset pagination", () => {
  it("returns every user once across pages, with ties on created_at and microsecond differences", async () => {
    const tag = `kp${randomUUID().slice(0, 8)}`;
    const tied = new Date();
    await db
      .insert(users)
      .values(
        Array.from({ length: 60 }, (_, i) => ({ email: `${tag}-tie-${i}@example.test`, name: "Tie", createdAt: tied })),
      );
    await db.execute(sql`insert into users (email, name, created_at)
      select ${tag} || '-us-' || n || '@example.test', 'Micro', now() - (n || ' microseconds')::interval from generate_series(1, 61) n`);
    const pages = await walk((cursor) => listUsers(db, { q: tag, cursor: decodeCursor(cursor) }));
    expect(pages.map((p) => p.length)).toEqual([50, 50, 21]);
    const ids = pages.flat().map((u) => u.id);
    expect(new Set(ids).size).toBe(121);
    const times = pages.flat().map((u) => u.cursorAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("pages instances filtered by owner email, and audit entries filtered by actor", async () => {
    await seedCatalog(db);
    await seedDemoStack(db);
    const staff = await staffActor("pager");
    const [owner] = await db
      .select()
      .from(users)
      .where(sql`${users.id} = ${staff.id}`);
    const ids = await catalogIds();
    await db.insert(instances).values(
      Array.from({ length: 55 }, (_, i) => ({
        ownerId: staff.id,
        name: `box-${i}`,
        slug: `box-${i}-${randomUUID().slice(0, 8)}`,
        ...ids,
        status: "terminated" as const,
      })),
    );
    const instancePages = await walk((cursor) =>
      listInstances(db, { ownerEmail: owner!.email.toUpperCase(), status: "terminated", cursor: decodeCursor(cursor) }),
    );
    expect(instancePages.map((p) => p.length)).toEqual([50, 5]);
    expect(new Set(instancePages.flat().map((i) => i.id)).size).toBe(55);

    await db.insert(auditLog).values(
      Array.from({ length: 75 }, (_, i) => ({
        actorId: staff.id,
        action: "test.page",
        targetType: "test",
        targetId: String(i),
        ip: staff.ip,
      })),
    );
    const auditPages = await walk((cursor) =>
      listAudit(db, { actorEmail: owner!.email, action: "test.page", cursor: decodeCursor(cursor) }),
    );
    expect(auditPages.map((p) => p.length)).toEqual([50, 25]);
    expect(new Set(auditPages.flat().map((a) => a.id)).size).toBe(75);
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await listAudit(db, { actorEmail: owner!.email, from: tomorrow, cursor: null })).items).toEqual([]);
  });

  it("ignores a cursor that was tampered with", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-01-01|x").toString("base64url"))).toBeNull();
  });
});

describe("user search", () => {
  it("matches a substring of the email or the name, ignoring case, and treats % and _ literally", async () => {
    const tag = `srch${randomUUID().slice(0, 8)}`;
    await db.insert(users).values([
      { email: `${tag}-grace@example.test`, name: "Grace Hopper" },
      { email: `${tag}-alan@example.test`, name: `Alan ${tag.toUpperCase()} Turing` },
      { email: `${tag}_x@example.test`, name: "Underscore" },
    ]);
    const names = async (q: string) => (await listUsers(db, { q, cursor: null })).items.map((u) => u.name).sort();
    expect(await names(tag.toUpperCase())).toEqual([`Alan ${tag.toUpperCase()} Turing`, "Grace Hopper", "Underscore"]);
    expect(await names(`${tag}-GRA`)).toEqual(["Grace Hopper"]);
    expect(await names(`${tag}_`)).toEqual(["Underscore"]);
    expect(await names(`${tag}%alan`)).toEqual([]);
  });
});
