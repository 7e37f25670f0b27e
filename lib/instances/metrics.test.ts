import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailLog, hosts, instanceMetrics, instances, plans } from "@/db/schema";
import { hostMetrics } from "@/lib/admin/queries/hosts";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { catalogIds, customerWithKey, runningTrial } from "@/test/instances/world";
import { flagMemoryPressure } from "./memory-pressure";
import { COARSE_SECONDS, FINE_SECONDS, HOURLY_SECONDS, metricsSeries, rollUpMetrics, sampleMetrics } from "./metrics";

let worker: EmbeddedWorker;
let gateway: SshGateway;
beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const rowsOf = (instanceId: string, resolution: number) =>
  db
    .select()
    .from(instanceMetrics)
    .where(and(eq(instanceMetrics.instanceId, instanceId), eq(instanceMetrics.resolution, resolution)))
    .orderBy(instanceMetrics.at);

describe("instance metrics", () => {
  it(
    "samples a running instance from the Docker Engine once per bucket, against its plan's limit",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("metrics");
      const instance = await runningTrial(user.id, keyId, "measured");
      const [plan] = await db.select().from(plans).where(eq(plans.id, instance.planId));
      // An hour ahead, so these buckets are not the ones the worker's own cron run writes.
      const t0 = new Date(Math.ceil(Date.now() / 10_000) * 10_000 + 3_600_000);
      expect(await sampleMetrics(db, t0)).toBeGreaterThanOrEqual(1);
      expect(await sampleMetrics(db, new Date(t0.getTime() + 3_000))).toBe(0);
      await new Promise((r) => setTimeout(r, 1_000));
      await sampleMetrics(db, new Date(t0.getTime() + 10_000));

      const [first, second] = (await rowsOf(instance.id, FINE_SECONDS)).filter((r) => r.at >= t0);
      expect(first!.at).toEqual(t0);
      expect(first!.cpuPercent).toBeNull();
      expect(first!.memoryBytes).toBeGreaterThan(0);
      expect(first!.memoryLimitBytes).toBe(plan!.memoryMb * 1024 * 1024);
      expect(second!.cpuNs).toBeGreaterThanOrEqual(first!.cpuNs);
      expect(second!.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(second!.cpuPercent).toBeLessThan(100 * 4);

      const series = await metricsSeries(db, user.id, instance.id, 1);
      expect(series.resolution).toBe(FINE_SECONDS);
      expect(series.points.length).toBeGreaterThanOrEqual(2);
      const later = await metricsSeries(db, user.id, instance.id, 1, series.points.at(-2)!.at);
      expect(later.points).toEqual([series.points.at(-1)]);
      const stranger = await customerWithKey("metrics-other");
      expect((await metricsSeries(db, stranger.user.id, instance.id, 1)).points).toEqual([]);
    },
  );

  it("rolls 10 s points into 5-minute means, those into hourly ones, and prunes what is past its keep", async () => {
    const { user } = await customerWithKey("rollup");
    // No container needed: the rows of one instance of this customer's.
    const [row] = await db
      .insert(instances)
      .values({
        ownerId: user.id,
        name: "rolled",
        slug: `rolled-${randomUUID().slice(0, 8)}`,
        ...(await catalogIds()),
        status: "running",
      })
      .returning();
    const id = row!.id;
    const bucket = Math.floor(Date.now() / 300_000) * 300_000 - 600_000;
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const base = {
      instanceId: id,
      resolution: FINE_SECONDS,
      cpuNs: 1,
      memoryLimitBytes: 100,
      netRxBytes: 0,
      netTxBytes: 0,
    };
    await db.insert(instanceMetrics).values([
      { ...base, at: new Date(bucket), cpuPercent: 10, memoryBytes: 30 },
      { ...base, at: new Date(bucket + 10_000), cpuPercent: 30, memoryBytes: 50 },
      { ...base, at: new Date(Date.now() - 2 * 86_400_000), cpuPercent: 1, memoryBytes: 1 },
      {
        ...base,
        resolution: COARSE_SECONDS,
        at: new Date(Date.now() - 40 * 86_400_000),
        cpuPercent: 1,
        memoryBytes: 1,
      },
      // Two 5-minute points of the last complete hour, and an hourly one past its 90 days.
      { ...base, resolution: COARSE_SECONDS, at: new Date(hour), cpuPercent: 40, memoryBytes: 70 },
      { ...base, resolution: COARSE_SECONDS, at: new Date(hour + 300_000), cpuPercent: 60, memoryBytes: 90 },
      {
        ...base,
        resolution: HOURLY_SECONDS,
        at: new Date(Date.now() - 91 * 86_400_000),
        cpuPercent: 1,
        memoryBytes: 1,
      },
    ]);
    await rollUpMetrics(db);
    await rollUpMetrics(db);
    const coarse = (await rowsOf(id, COARSE_SECONDS)).filter((r) => r.at.getTime() === bucket);
    expect(coarse).toHaveLength(1);
    expect(coarse[0]).toMatchObject({ cpuPercent: 20, memoryBytes: 50 });
    const hourly = await rowsOf(id, HOURLY_SECONDS);
    expect(hourly.map((r) => [r.at.getTime(), r.cpuPercent, r.memoryBytes])).toEqual([[hour, 50, 90]]);
    // A 30-day chart is drawn from the hourly points.
    const month = await metricsSeries(db, user.id, id, 720);
    expect(month.resolution).toBe(HOURLY_SECONDS);
    expect(month.points.map((p) => p.memoryBytes)).toEqual([90]);
    expect((await metricsSeries(db, user.id, id, 24)).resolution).toBe(COARSE_SECONDS);
    const all = [...(await rowsOf(id, FINE_SECONDS)), ...(await rowsOf(id, COARSE_SECONDS))];
    expect(all.every((r) => r.at.getTime() > Date.now() - 30 * 86_400_000 - 60_000)).toBe(true);
    expect(all.filter((r) => r.resolution === FINE_SECONDS && r.at.getTime() < Date.now() - 86_400_000)).toEqual([]);
  });

  it("tells the owner once when memory stays above 90% for ten minutes, and again only after it eased", async () => {
    const { user } = await customerWithKey("pressure");
    const [row] = await db
      .insert(instances)
      .values({
        ownerId: user.id,
        name: "hungry",
        slug: `hungry-${randomUUID().slice(0, 8)}`,
        ...(await catalogIds()),
        status: "running",
      })
      .returning();
    const limit = 512 * 1024 * 1024;
    const point = (secondsAgo: number, share: number) => ({
      instanceId: row!.id,
      resolution: FINE_SECONDS,
      at: new Date(Math.floor(Date.now() / 10_000) * 10_000 - secondsAgo * 1000),
      cpuPercent: 5,
      cpuNs: 1,
      memoryBytes: Math.round(limit * share),
      memoryLimitBytes: limit,
      netRxBytes: 0,
      netTxBytes: 0,
    });
    // Nine minutes above 90% is not yet ten.
    await db.insert(instanceMetrics).values([point(420, 0.95), point(240, 0.97), point(60, 0.93)]);
    expect((await flagMemoryPressure(db)).told).toBe(0);
    await db.insert(instanceMetrics).values([point(590, 0.96)]);
    expect((await flagMemoryPressure(db)).told).toBe(1);
    expect((await flagMemoryPressure(db)).told).toBe(0);
    const [flagged] = await db.select().from(instances).where(eq(instances.id, row!.id));
    expect(flagged!.memoryPressureAt).not.toBeNull();
    const mails = await db
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.to, user.email), eq(emailLog.template, "memory-near-limit")));
    expect(mails).toHaveLength(1);

    await db.insert(instanceMetrics).values([point(0, 0.5)]);
    expect((await flagMemoryPressure(db)).cleared).toBeGreaterThanOrEqual(1);
    const [eased] = await db.select().from(instances).where(eq(instances.id, row!.id));
    expect(eased!.memoryPressureAt).toBeNull();
  });

  it("sums a host's instances by minute for /admin", async () => {
    const [host] = await db
      .insert(hosts)
      .values({ name: `sum-${randomUUID().slice(0, 6)}`, endpoint: "unix:///nowhere.sock", status: "draining" })
      .returning();
    const { user } = await customerWithKey("host-sum");
    const ids: string[] = [];
    for (const name of ["a", "b"]) {
      const [row] = await db
        .insert(instances)
        .values({
          ownerId: user.id,
          name,
          slug: `${name}-${randomUUID().slice(0, 8)}`,
          ...(await catalogIds()),
          hostId: host!.id,
          status: "running",
        })
        .returning();
      ids.push(row!.id);
    }
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    const rows = ids.flatMap((instanceId, n) =>
      [0, 10_000].map((offset) => ({
        instanceId,
        resolution: FINE_SECONDS,
        at: new Date(minute + offset),
        cpuPercent: n === 0 ? 10 : 30,
        cpuNs: 1,
        memoryBytes: (n + 1) * 100,
        memoryLimitBytes: 1000,
        netRxBytes: 0,
        netTxBytes: 0,
      })),
    );
    await db.insert(instanceMetrics).values(rows);
    const points = (await hostMetrics(db)).get(host!.id)!;
    expect(points).toEqual([
      { at: new Date(minute).toISOString().replace(".000", ""), cpuPercent: 40, memoryBytes: 300 },
    ]);
    // Other suites count hosts: this one goes again.
    await db.delete(instances).where(inArray(instances.id, ids));
    await db.delete(hosts).where(eq(hosts.id, host!.id));
  });
});
