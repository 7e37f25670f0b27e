import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fleetUpgrades, instanceEvents, instances, plans, stacks, upgradeInstances } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { dockerClient, execInContainer, inspectContainer } from "@/lib/providers/docker";
import { tar } from "@/lib/providers/tar";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { TEST_IMAGES } from "@/scripts/build-test-images";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { provisioned, terminateAll } from "@/test/fleet/world";
import { customerWithKey, waitFor, waitForInstance } from "@/test/instances/world";
import { demoStack } from "@/db/catalog-data";
import { listUpgrades, rollOutStack } from "@/lib/admin/upgrades";
import { staffActor } from "@/test/admin/staff";
import { applyDeferredUpgrades } from "./deferred-upgrades";
import { finishWave, startFleetUpgrade, waveSize } from "./fleet-upgrade";
import { setMaintenanceWindow } from "./maintenance-setting";
import { ensureDefaultHost } from "./hosts";

// A stack of its own on the test image, three running instances of it, then two new images: one that works and
// one whose app exits at once.
let worker: EmbeddedWorker;
let gateway: SshGateway;
const made: string[] = [];
const tag = randomUUID().slice(0, 8);
const V2 = `berth-test/http:v2-${tag}`;
const BROKEN = `berth-test/http:broken-${tag}`;

async function buildFrom(image: string, dockerfile: string) {
  const docker = dockerClient(env.DOCKER_HOST);
  const context = tar([{ type: "file", name: "Dockerfile", data: Buffer.from(dockerfile) }]);
  const stream = await docker.buildImage(Readable.from([context]), { t: image, networkmode: "none", rm: true });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const failure = output.find((line) => line.error);
  if (failure) throw new Error(`Building ${image} failed: ${failure.error}`);
}

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
  await buildFrom(V2, `FROM ${TEST_IMAGES.http}\nLABEL berth.test-version=2\n`);
  await buildFrom(BROKEN, `FROM ${TEST_IMAGES.http}\nCMD ["/bin/sh", "-c", "exit 3"]\n`);
});
afterAll(async () => {
  await terminateAll(made).catch(() => {});
  await worker?.stop().catch(() => {});
  await gateway?.stop();
  for (const image of [V2, BROKEN])
    await dockerClient(env.DOCKER_HOST)
      .getImage(image)
      .remove()
      .catch(() => {});
});

const imageOf = async (id: string) => {
  const [row] = await db.select().from(instances).where(eq(instances.id, id));
  const host = await ensureDefaultHost(db);
  return (await inspectContainer(host.endpoint, row!.containerId!))!.Config.Image;
};

describe("fleet upgrades", () => {
  it("size their waves one, then a tenth, then the rest", () => {
    expect([1, 2, 3].map((w) => waveSize(w, 50, w === 3 ? 6 : 1))).toEqual([1, 5, 44]);
    expect(waveSize(2, 3, 1)).toBe(1);
  });

  it(
    "roll a stack's new image out in waves, backed up and health-checked; a broken image is rolled back with the old version still serving and stops the rollout",
    { timeout: 240_000 },
    async () => {
      const [stack] = await db
        .insert(stacks)
        .values({
          ...demoStack,
          slug: `upgrade-${tag}`,
          name: `Upgrade ${tag}`,
          image: TEST_IMAGES.http,
          active: false,
        })
        .returning();
      const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const row = await provisioned(`upgrade-${n}`, starter!.id, stack!.id);
        made.push(row.id);
        ids.push(row.id);
      }
      const running = await Promise.all(ids.map((id) => waitForInstance(id, (i) => i.status === "running", 60_000)));
      const host = await ensureDefaultHost(db);
      const first = running[0]!;
      const wrote = await execInContainer(host.endpoint, first.containerId!, [
        "sh",
        "-c",
        "echo kept > /srv/www/data.txt",
      ]);
      expect(wrote.exitCode).toBe(0);

      // The new version, given to the stack in the catalogue, then rolled out.
      await db.update(stacks).set({ image: V2 }).where(eq(stacks.id, stack!.id));
      const staff = await staffActor("rollout");
      expect(await rollOutStack(db, staff, { stackId: stack!.id })).toEqual({
        success: "Rolling out to 3 running instance(s): one first, then a tenth, then the rest.",
      });
      const upgradeId = (await listUpgrades(db)).find((u) => u.stack === stack!.name)!.id;
      expect(await startFleetUpgrade(db, { stackId: stack!.id, startedBy: null })).toEqual({
        error: `An upgrade of ${stack!.name} is already rolling out.`,
      });
      const done = await waitFor(
        "the rollout",
        async () => {
          const [u] = await db.select().from(fleetUpgrades).where(eq(fleetUpgrades.id, upgradeId));
          return u?.status !== "running" && u;
        },
        120_000,
      );
      expect(done).toMatchObject({ status: "completed", error: null, total: 3, startedBy: staff.id });
      expect((await listUpgrades(db)).find((u) => u.id === upgradeId)).toMatchObject({
        status: "completed",
        upgraded: 3,
        rolledBack: 0,
        maxDowntimeMs: expect.any(Number),
      });
      const rows = await db.select().from(upgradeInstances).where(eq(upgradeInstances.upgradeId, upgradeId));
      expect(rows.map((r) => [r.wave, r.outcome]).sort()).toEqual([
        [1, "upgraded"],
        [2, "upgraded"],
        [3, "upgraded"],
      ]);
      expect(rows.every((r) => r.fromImage === TEST_IMAGES.http)).toBe(true);
      for (const id of ids) {
        expect(await imageOf(id)).toBe(V2);
        expect((await edgeRequest(`${await urlOfInstance(id)}/healthz`)).status).toBe(200);
      }
      expect((await edgeRequest(`${await urlOfInstance(first.id)}/data.txt`)).body).toBe("kept\n");
      const events = await db
        .select({ instanceId: instanceEvents.instanceId, message: instanceEvents.message })
        .from(instanceEvents)
        .where(inArray(instanceEvents.instanceId, ids));
      for (const id of ids)
        expect(events.filter((e) => e.instanceId === id).map((e) => e.message)).toContainEqual(
          expect.stringMatching(
            new RegExp(`^Upgraded to ${V2} \\(it was unavailable for \\d+ ms\\); a backup was taken first\\.$`),
          ),
        );

      // A broken version: the first wave's instance does not become healthy, goes back to V2, and the rollout stops.
      await db.update(stacks).set({ image: BROKEN }).where(eq(stacks.id, stack!.id));
      const broken = await startFleetUpgrade(db, { stackId: stack!.id, startedBy: null });
      const brokenId = (broken as { upgradeId: string }).upgradeId;
      const stopped = await waitFor(
        "the broken rollout to stop",
        async () => {
          const [u] = await db.select().from(fleetUpgrades).where(eq(fleetUpgrades.id, brokenId));
          return u?.status !== "running" && u;
        },
        120_000,
      );
      expect(stopped).toMatchObject({
        status: "stopped",
        error: `Wave 1: 1 of 1 instances did not become healthy on ${BROKEN} and were rolled back; the rollout stopped.`,
      });
      expect((await listUpgrades(db)).find((u) => u.id === brokenId)).toMatchObject({ upgraded: 0, rolledBack: 1 });
      const [tried] = await db.select().from(upgradeInstances).where(eq(upgradeInstances.upgradeId, brokenId));
      expect(tried).toMatchObject({ wave: 1, outcome: "rolled_back", fromImage: V2 });
      for (const id of ids) {
        expect(await imageOf(id)).toBe(V2);
        expect((await edgeRequest(`${await urlOfInstance(id)}/healthz`)).status).toBe(200);
      }
      expect((await edgeRequest(`${await urlOfInstance(first.id)}/data.txt`)).body).toBe("kept\n");
      const [rolledBack] = await db
        .select({ message: instanceEvents.message })
        .from(instanceEvents)
        .where(eq(instanceEvents.type, "instance.upgrade_rolled_back"))
        .then((rows) => rows.filter((r) => r.message.includes(BROKEN)));
      expect(rolledBack!.message).toMatch(
        new RegExp(
          `^The upgrade to ${BROKEN} did not become healthy \\(.+\\); it runs ${V2} again, with its data as before the upgrade\\.$`,
        ),
      );
    },
  );

  it(
    "wait for a customer's maintenance window: the instance outside it keeps its version and is told when, then is upgraded once its window opens, exactly once",
    { timeout: 240_000 },
    async () => {
      const [stack] = await db
        .insert(stacks)
        .values({ ...demoStack, slug: `window-${tag}`, name: `Window ${tag}`, image: TEST_IMAGES.http, active: false })
        .returning();
      const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
      const free = await provisioned("window-free", starter!.id, stack!.id);
      const later = await provisioned("window-later", starter!.id, stack!.id);
      made.push(free.id, later.id);
      for (const id of [free.id, later.id]) await waitForInstance(id, (i) => i.status === "running", 60_000);
      // A daily window twelve hours from now is closed now.
      const closedHour = (new Date().getUTCHours() + 12) % 24;
      const refusal = await setMaintenanceWindow(db, free.ownerId, {
        instanceId: later.id,
        when: "daily",
        hour: closedHour,
      });
      expect(refusal).toEqual({ error: "Instance not found." });
      expect(
        await setMaintenanceWindow(db, later.ownerId, { instanceId: later.id, when: "daily", hour: closedHour }),
      ).toEqual({ success: expect.stringMatching(/^Maintenance window saved: Every day, \d\d:00–\d\d:00 UTC\.$/) });

      await db.update(stacks).set({ image: V2 }).where(eq(stacks.id, stack!.id));
      const started = await startFleetUpgrade(db, { stackId: stack!.id, startedBy: null });
      const upgradeId = (started as { upgradeId: string }).upgradeId;
      const waiting = await waitFor(
        "the rollout to reach the waiting instance",
        async () => {
          const u = (await listUpgrades(db)).find((r) => r.id === upgradeId);
          return u && u.wave === 3 && u.waiting === 1 && u;
        },
        120_000,
      );
      expect(waiting).toMatchObject({ status: "running", upgraded: 1, rolledBack: 0, waiting: 1 });
      expect(await imageOf(free.id)).toBe(V2);
      expect(await imageOf(later.id)).toBe(TEST_IMAGES.http);
      const [scheduled] = await db
        .select({ message: instanceEvents.message })
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, later.id), eq(instanceEvents.type, "instance.upgrade_scheduled")));
      expect(scheduled!.message).toMatch(
        new RegExp(
          `^An upgrade to ${V2} waits for your maintenance window \\(Every day, \\d\\d:00–\\d\\d:00 UTC\\): it will be applied from \\w+ \\d+ \\w+, ${String(closedHour).padStart(2, "0")}:00 UTC, with a backup first\\.$`,
        ),
      );
      // Still closed: the scheduled job leaves it alone.
      expect(await applyDeferredUpgrades(db)).toMatchObject({ waiting: 1, upgraded: 0 });
      expect(await imageOf(later.id)).toBe(TEST_IMAGES.http);

      // The customer moves the window to now: the job applies the upgrade and ends the rollout; a second run has
      // nothing left to do.
      await setMaintenanceWindow(db, later.ownerId, {
        instanceId: later.id,
        when: String(new Date().getUTCDay()) as "0",
        hour: new Date().getUTCHours(),
      });
      // The worker's own run of the job may get there first; either way it is applied once.
      await applyDeferredUpgrades(db);
      await waitFor(
        "the waiting upgrade",
        async () => (await listUpgrades(db)).find((u) => u.id === upgradeId)?.status === "completed",
        60_000,
      );
      expect(await applyDeferredUpgrades(db)).toMatchObject({ waiting: 0, upgraded: 0 });
      expect(await imageOf(later.id)).toBe(V2);
      expect((await edgeRequest(`${await urlOfInstance(later.id)}/healthz`)).status).toBe(200);
      expect((await listUpgrades(db)).find((u) => u.id === upgradeId)).toMatchObject({
        status: "completed",
        upgraded: 2,
        waiting: 0,
      });
      const [row] = await db
        .select()
        .from(upgradeInstances)
        .where(and(eq(upgradeInstances.upgradeId, upgradeId), eq(upgradeInstances.instanceId, later.id)));
      expect(row).toMatchObject({ wave: 3, outcome: "upgraded", fromImage: TEST_IMAGES.http });
      const upgradedEvents = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, later.id), eq(instanceEvents.type, "instance.upgraded")));
      expect(upgradedEvents).toHaveLength(1);
    },
  );

  it("cancel what waits for a window when the rollout stops, or when the instance is terminated, and tell each customer", async () => {
    const [stack] = await db
      .insert(stacks)
      .values({ ...demoStack, slug: `cancel-${tag}`, name: `Cancel ${tag}`, image: V2, active: false })
      .returning();
    const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    // Rows only, without containers: nothing here touches an engine.
    const { user } = await customerWithKey(`cancel-${tag}`);
    const rows = await db
      .insert(instances)
      .values(
        [1, 2, 3].map((n) => ({
          ownerId: user.id,
          name: `cancel-${n}`,
          slug: `cancel-${n}-${tag}`,
          planId: starter!.id,
          stackId: stack!.id,
          status: "running" as const,
        })),
      )
      .returning();
    const upgrade = async () => {
      const [u] = await db
        .insert(fleetUpgrades)
        .values({ stackId: stack!.id, image: V2, total: 3, wave: 3 })
        .returning();
      return u!;
    };
    const stopping = await upgrade();
    await db.insert(upgradeInstances).values([
      {
        upgradeId: stopping.id,
        instanceId: rows[0]!.id,
        wave: 3,
        outcome: "rolled_back",
        fromImage: "v1",
        downtimeMs: 900,
      },
      { upgradeId: stopping.id, instanceId: rows[1]!.id, wave: 3, outcome: "deferred", fromImage: "v1", downtimeMs: 0 },
    ]);
    expect(await finishWave(db, stopping, 3)).toEqual({ stopped: true, wave: 3, failed: 1 });
    const [cancelled] = await db
      .select()
      .from(upgradeInstances)
      .where(and(eq(upgradeInstances.upgradeId, stopping.id), eq(upgradeInstances.instanceId, rows[1]!.id)));
    expect(cancelled).toMatchObject({
      outcome: "cancelled",
      error: "Not applied: the rollout stopped after failed upgrades elsewhere.",
    });
    const told = await db
      .select({ message: instanceEvents.message })
      .from(instanceEvents)
      .where(and(eq(instanceEvents.instanceId, rows[1]!.id), eq(instanceEvents.type, "instance.upgrade_cancelled")));
    expect(told.map((t) => t.message)).toEqual([
      `The upgrade to ${V2} planned for your maintenance window is cancelled: the rollout stopped after failed upgrades elsewhere. Your instance keeps its current version.`,
    ]);

    // Terminated while it waited: cancelled by the scheduled job, and the rollout completes.
    const waiting = await upgrade();
    await db.insert(upgradeInstances).values([
      {
        upgradeId: waiting.id,
        instanceId: rows[2]!.id,
        wave: 3,
        outcome: "deferred",
        fromImage: "v1",
        downtimeMs: 0,
      },
    ]);
    await db.update(instances).set({ status: "terminated" }).where(eq(instances.id, rows[2]!.id));
    expect(await applyDeferredUpgrades(db)).toMatchObject({ upgraded: 0, cancelled: 1 });
    const [done] = await db.select().from(fleetUpgrades).where(eq(fleetUpgrades.id, waiting.id));
    expect(done).toMatchObject({ status: "completed" });
    expect((await listUpgrades(db)).find((u) => u.id === waiting.id)).toMatchObject({ waiting: 0, cancelled: 1 });
    await db
      .update(instances)
      .set({ status: "terminated" })
      .where(
        inArray(
          instances.id,
          rows.map((r) => r.id),
        ),
      );
  });
});
