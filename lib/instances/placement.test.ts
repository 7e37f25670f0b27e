import { randomUUID } from "node:crypto";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hosts, instanceEvents, instances, plans, type Host } from "@/db/schema";
import { env } from "@/lib/env";
import { ensureDefaultHost, refreshHost } from "./hosts";
import { assignHost, placeInstance } from "./placement";
import { dockerClient, PORT_LABEL } from "@/lib/providers/docker";
import { TEST_IMAGES } from "@/scripts/build-test-images";
import { secondEngineSocket } from "@/test/fleet/world";
import { catalogIds, customerWithKey } from "@/test/instances/world";

// A host row of its own: no engine behind it (placement reads and writes the database), except for a host-unsafe
// host, whose ports are checked on its engine (the suite's second one, at an address of its own).
const made: { hostIds: string[]; instanceIds: string[] } = { hostIds: [], instanceIds: [] };
afterAll(async () => {
  if (made.instanceIds.length) await db.delete(instances).where(inArray(instances.id, made.instanceIds));
  if (made.hostIds.length) await db.delete(hosts).where(inArray(hosts.id, made.hostIds));
});

async function hostWithRoomFor(
  count: number,
  memoryMb: number,
  networkMode = "isolated",
  endpoint?: string,
): Promise<Host> {
  const tag = randomUUID().slice(0, 8);
  const [host] = await db
    .insert(hosts)
    .values({
      name: `placement-${tag}`,
      endpoint: endpoint ?? `tcp://127.0.0.1:1/${tag}`,
      status: "active",
      // Not a real engine: seen "in the future", so no refresh asks it (and marks it unreachable) mid-test on a slow run.
      lastSeenAt: new Date(Date.now() + 3_600_000),
      networkMode,
      memoryMb: count * memoryMb,
      portRangeStart: 31_400,
      portRangeEnd: 31_499,
    })
    .returning();
  made.hostIds.push(host!.id);
  return host!;
}

async function waitingInstances(count: number) {
  const rows = [];
  for (let i = 0; i < count; i++) {
    // (Making a customer also seeds the catalog, which a run of this file alone needs first.)
    const { user } = await customerWithKey("placement");
    const ids = await catalogIds();
    const [row] = await db
      .insert(instances)
      .values({
        ownerId: user.id,
        name: `p${i}`,
        slug: `p${i}-${randomUUID().slice(0, 10)}`,
        ...ids,
        status: "provisioning",
        desiredState: "running",
        isTrial: true,
      })
      .returning();
    made.instanceIds.push(row!.id);
    rows.push(row!);
  }
  return rows;
}

describe("placement on a host", () => {
  it("gives instances placed at the same time a port each, a timeline event each, and refuses what does not fit", async () => {
    const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    const host = await hostWithRoomFor(6, plan!.memoryMb);
    const waiting = await waitingInstances(7);

    const results = await Promise.all(waiting.map((i) => assignHost(db, i.id, host, plan!)));
    const placed = results.flatMap((r) => (r.ok ? [r.port] : []));
    expect(placed).toHaveLength(6);
    expect(new Set(placed).size).toBe(6);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: expect.stringMatching(/No host has \d+ MB of memory free/) },
    ]);

    const rows = await db
      .select()
      .from(instances)
      .where(
        inArray(
          instances.id,
          waiting.map((i) => i.id),
        ),
      );
    expect(
      rows
        .filter((r) => r.hostId === host.id)
        .map((r) => r.port)
        .sort(),
    ).toEqual([...placed].sort());
    const events = await db
      .select()
      .from(instanceEvents)
      .where(
        and(
          inArray(
            instanceEvents.instanceId,
            waiting.map((i) => i.id),
          ),
          eq(instanceEvents.type, "instance.placed"),
        ),
      );
    expect(events).toHaveLength(6);
    expect(events[0]!.message).toBe(`Placed on host ${host.name}.`);
    expect(events.map((e) => e.data.port).sort()).toEqual([...placed].sort());
    expect(events.every((e) => e.data.hostId === host.id)).toBe(true);

    // Placing one again changes nothing: the instance keeps its host and port.
    const first = rows.find((r) => r.hostId === host.id)!;
    expect(await assignHost(db, first.id, host, plan!)).toEqual({
      ok: false,
      reason: expect.stringMatching(/placed by another attempt/),
    });
    const [again] = await db.select().from(instances).where(eq(instances.id, first.id));
    expect(again!.port).toBe(first.port);
  });
});

function secondEngineAddress() {
  const link = path.join(mkdtempSync(path.join(tmpdir(), "berth-unsafe-host-")), "docker.sock");
  symlinkSync(secondEngineSocket(), link);
  return `unix://${link}`;
}

describe("a burst of placements", () => {
  it("spreads over the hosts by free memory, though every decision starts from the same reading", async () => {
    const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    // Far more memory than the suite's engine: the burst goes to these two only.
    const room = Math.floor(1_000_000 / plan!.memoryMb);
    const [a, b] = [await hostWithRoomFor(room, plan!.memoryMb), await hostWithRoomFor(room, plan!.memoryMb)];
    const waiting = await waitingInstances(6);
    const results = await Promise.all(waiting.map((i) => placeInstance(db, i.id, plan!)));
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await db
      .select({ hostId: instances.hostId })
      .from(instances)
      .where(
        inArray(
          instances.id,
          waiting.map((i) => i.id),
        ),
      );
    expect(rows.filter((r) => r.hostId === a!.id)).toHaveLength(3);
    expect(rows.filter((r) => r.hostId === b!.id)).toHaveLength(3);
  });
});

describe("a host-unsafe host", () => {
  it("serves one customer: another customer's instance is refused with the reason, the same customer's is placed", async () => {
    const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    const host = await hostWithRoomFor(4, plan!.memoryMb, "host-unsafe", secondEngineAddress());
    const [first, stranger] = await waitingInstances(2);
    expect(await assignHost(db, first!.id, host, plan!)).toMatchObject({ ok: true });
    expect(await assignHost(db, stranger!.id, host, plan!)).toEqual({
      ok: false,
      reason: `Host ${host.name} uses host-unsafe networking and already serves another customer.`,
    });
    const [sibling] = await db
      .insert(instances)
      .values({
        ownerId: first!.ownerId,
        name: "sibling",
        slug: `sibling-${randomUUID().slice(0, 10)}`,
        planId: first!.planId,
        stackId: first!.stackId,
        status: "provisioning",
        desiredState: "running",
        isTrial: false,
      })
      .returning();
    made.instanceIds.push(sibling!.id);
    expect(await assignHost(db, sibling!.id, host, plan!)).toMatchObject({ ok: true });
  });
});

describe("ports on a host-unsafe host", () => {
  it("are checked on that host's engine: a port its containers hold is skipped, and the instance gets the next", async () => {
    const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    const host = await hostWithRoomFor(2, plan!.memoryMb, "host-unsafe", secondEngineAddress());
    // A host-network container of no instance Berth knows (another install's, say) holds the range's first port.
    const holder = await dockerClient(host.endpoint).createContainer({
      Image: TEST_IMAGES.http,
      Cmd: ["sleep", "60"],
      Labels: { [PORT_LABEL]: String(host.portRangeStart) },
      HostConfig: { NetworkMode: "host" },
    });
    try {
      const [waiting] = await waitingInstances(1);
      expect(await assignHost(db, waiting!.id, host, plan!)).toEqual({ ok: true, port: host.portRangeStart + 1 });
      const [row] = await db.select().from(instances).where(eq(instances.id, waiting!.id));
      expect(row).toMatchObject({ hostId: host.id, port: host.portRangeStart + 1 });
    } finally {
      await holder.remove({ force: true });
    }
  });
});

describe("asking a host's engine how it is", () => {
  it("asks once for a burst of placements, and everyone gets that answer", async () => {
    const [local] = await db.select().from(hosts).where(eq(hosts.endpoint, env.DOCKER_HOST));
    const stale = { ...(local ?? (await ensureDefaultHost(db))), lastSeenAt: new Date(Date.now() - 60_000) };
    const answers = await Promise.all(Array.from({ length: 10 }, () => refreshHost(db, stale, { maxAgeMs: 15_000 })));
    // One refresh: one update of the row, so one recorded time, which all ten callers see.
    expect(new Set(answers.map((h) => h.lastSeenAt!.getTime())).size).toBe(1);
    expect(answers[0]!.lastSeenAt!.getTime()).toBeGreaterThan(stale.lastSeenAt.getTime());
    expect(answers[0]!.status).toBe("active");
    // Once it is done, a stale host is asked again.
    const again = await refreshHost(db, stale, { maxAgeMs: 15_000 });
    expect(again.lastSeenAt!.getTime()).toBeGreaterThan(answers[0]!.lastSeenAt!.getTime());
  });
});
