import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { eq, inArray } from "drizzle-orm";
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
import { waitFor, waitForInstance } from "@/test/instances/world";
import { demoStack } from "@/db/catalog-data";
import { listUpgrades, rollOutStack } from "@/lib/admin/upgrades";
import { staffActor } from "@/test/admin/staff";
import { startFleetUpgrade, waveSize } from "./fleet-upgrade";
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
});
