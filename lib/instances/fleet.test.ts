import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emailLog, hosts, instanceEvents, instanceMoves, instances, plans, users, type Instance } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { setHostStatus } from "@/lib/admin/hosts";
import { listInstances } from "@/lib/admin/queries/instances";
import { env } from "@/lib/env";
import { dockerClient, execInContainer, inspectContainer, volumeName } from "@/lib/providers/docker";
import { httpStatus } from "@/lib/providers/docker-client";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { waitForEmail } from "@/scripts/test/mailbox";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { staffActor } from "@/test/admin/staff";
import { addSecondHost, planSizedTo, provisioned, terminateAll, type SecondHost } from "@/test/fleet/world";
import { waitFor, waitForInstance } from "@/test/instances/world";
import { hostUnreachable } from "./host-down";
import { ensureDefaultHost, refreshHost } from "./hosts";

// Two real engines: the suite's first (the default host) and its second, added as a host for this file only.
let worker: EmbeddedWorker;
let gateway: SshGateway;
let second: SecondHost;
const made: string[] = [];

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
  second = await addSecondHost();
});
afterAll(async () => {
  await second?.bringBack();
  await terminateAll(made).catch(() => {});
  await second?.remove();
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const running = (i: Instance) => i.status === "running";
const exists = (p: Promise<unknown>) =>
  p.then(
    () => true,
    (error: unknown) => {
      if (httpStatus(error) === 404) return false;
      throw error;
    },
  );

describe("instances on two engines", () => {
  let onLocal: Instance;
  let onSecond: Instance;

  it(
    "land on the host with the most free memory, with their container, volume and relay on that host's engine, and answer at their address",
    { timeout: 120_000 },
    async () => {
      // Each engine has room for one instance of this plan, not two: the second must go to the other engine,
      // and a third fits on neither.
      const plan = await planSizedTo(0.6);
      const local = await ensureDefaultHost(db);
      const first = await provisioned("fleet-a", plan.id);
      made.push(first.id);
      const a = await waitForInstance(first.id, running, 60_000);
      const next = await provisioned("fleet-b", plan.id);
      made.push(next.id);
      const b = await waitForInstance(next.id, running, 60_000);
      expect(new Set([a.hostId, b.hostId])).toEqual(new Set([local.id, second.host.id]));
      [onLocal, onSecond] = a.hostId === local.id ? [a, b] : [b, a];

      const endpointOf = { [local.id]: local.endpoint, [second.host.id]: second.endpoint };
      for (const [instance, other] of [
        [onLocal, onSecond],
        [onSecond, onLocal],
      ] as const) {
        const own = endpointOf[instance.hostId!]!;
        const elsewhere = endpointOf[other.hostId!]!;
        const info = (await inspectContainer(own, instance.containerId!))!;
        expect(info.Config.Labels["berth.instance"]).toBe(instance.id);
        expect(await inspectContainer(elsewhere, instance.containerId!)).toBeNull();
        // The relay owning its network namespace runs beside it, on the same engine.
        const relayId = /^container:(.+)$/.exec(info.HostConfig.NetworkMode!)![1]!;
        expect((await inspectContainer(own, relayId))!.State.Running).toBe(true);
        expect(await exists(dockerClient(own).getVolume(volumeName(instance.id)).inspect())).toBe(true);
        expect(await exists(dockerClient(elsewhere).getVolume(volumeName(instance.id)).inspect())).toBe(false);
        const answer = await edgeRequest(`${await urlOfInstance(instance.id)}/healthz`);
        expect(answer.status).toBe(200);
      }
      const placed = await db
        .select({ message: instanceEvents.message })
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, onSecond.id), eq(instanceEvents.type, "instance.placed")));
      expect(placed).toEqual([{ message: `Placed on host ${second.host.name}.` }]);

      // Neither engine has that much memory left: the third waits, and says why.
      const third = await provisioned("fleet-c", plan.id);
      made.push(third.id);
      const waiting = await waitFor("the third instance to be refused a host", async () => {
        const [event] = await db
          .select()
          .from(instanceEvents)
          .where(and(eq(instanceEvents.instanceId, third.id), eq(instanceEvents.type, "instance.waiting")));
        return event;
      });
      expect(waiting.message).toBe(
        `Waiting for capacity: No host has ${plan.memoryMb} MB of memory free for this plan right now.`,
      );
      const [row] = await db.select().from(instances).where(eq(instances.id, third.id));
      expect(row).toMatchObject({ status: "provisioning", hostId: null });
      await terminateAll([third.id]);
    },
  );

  it(
    "shows a host that stops answering as down, its instances as unreachable, and alerts staff once",
    { timeout: 60_000 },
    async () => {
      expect(onSecond, "the placement test ran first").toBeDefined();
      const staff = await staffActor("fleet-staff");
      const [staffRow] = await db.select().from(users).where(eq(users.id, staff.id));
      await second.takeDown();
      // The reconciler's next passes ask it (one may already be under way, and shares its earlier answer).
      const [row] = await db.select().from(hosts).where(eq(hosts.id, second.host.id));
      const down = await waitFor("the host to be marked down", async () => {
        const asked = await refreshHost(db, row!);
        return asked.status === "unreachable" && asked;
      });
      await refreshHost(db, down);
      expect(down.lastError).toMatch(/.+/);

      const listed = await listInstances(db, { hostId: second.host.id, cursor: null });
      const mine = listed.items.find((i) => i.id === onSecond.id)!;
      expect(hostUnreachable(mine.status, mine.hostStatus)).toBe(true);
      const other = (await listInstances(db, { hostId: onLocal.hostId!, cursor: null })).items.find(
        (i) => i.id === onLocal.id,
      )!;
      expect(hostUnreachable(other.status, other.hostStatus)).toBe(false);

      const alert = await waitForEmail(process.env.MAILDEV_URL!, staffRow!.email, {
        subject: new RegExp(`^\\[Berth staff\\] Host ${second.host.name} is not answering$`),
      });
      expect(alert.text).toContain(onSecond.slug);
      const logged = await db
        .select()
        .from(emailLog)
        .where(and(eq(emailLog.to, staffRow!.email), like(emailLog.dedupeKey, `host-down:${second.host.id}:%`)));
      expect(logged).toHaveLength(1);

      // Back, it is active again and its instance serves as before.
      await second.bringBack();
      expect((await refreshHost(db, down)).status).toBe("active");
      expect((await edgeRequest(`${await urlOfInstance(onSecond.id)}/healthz`)).status).toBe(200);
      const [still] = await db
        .select({ status: instances.status })
        .from(instances)
        .where(inArray(instances.id, [onSecond.id]));
      expect(still!.status).toBe("running");

      // A host staff drained goes back to draining after an outage, not to taking new instances.
      await db.update(hosts).set({ status: "draining", drainedAt: new Date() }).where(eq(hosts.id, second.host.id));
      await second.takeDown();
      const drainedDown = await waitFor("the drained host to be marked down", async () => {
        const [current] = await db.select().from(hosts).where(eq(hosts.id, second.host.id));
        const asked = await refreshHost(db, current!);
        return asked.status === "unreachable" && asked;
      });
      await second.bringBack();
      expect((await refreshHost(db, drainedDown)).status).toBe("draining");
      await db.update(hosts).set({ status: "active", drainedAt: null }).where(eq(hosts.id, second.host.id));
    },
  );
});

describe("draining a host", () => {
  it(
    "moves its instance to the other engine with the data written before, at the same address, and leaves nothing behind",
    { timeout: 180_000 },
    async () => {
      await terminateAll(made);
      const local = await ensureDefaultHost(db);
      const endpointOf = { [local.id]: local.endpoint, [second.host.id]: second.endpoint };
      const [starter] = await db.select().from(plans).where(eq(plans.slug, "starter"));
      const created = await provisioned("fleet-move", starter!.id);
      made.push(created.id);
      const before = await waitForInstance(created.id, running, 60_000);
      const from = before.hostId!;
      const to = from === local.id ? second.host.id : local.id;
      const written = await execInContainer(endpointOf[from]!, before.containerId!, [
        "sh",
        "-c",
        "echo 'written before the drain' > /srv/www/orders.txt",
      ]);
      expect(written.exitCode).toBe(0);
      const url = await urlOfInstance(created.id);

      const staff = await staffActor("fleet-drain");
      try {
        expect(await setHostStatus(db, staff, { hostId: from, status: "draining" })).toMatchObject({
          success: expect.stringMatching(/its instances move to other hosts one at a time/),
        });
        const after = await waitForInstance(
          created.id,
          (i) => i.hostId === to && i.containerId !== before.containerId,
          120_000,
        );
        const events = await waitFor("the move's timeline event", async () => {
          const rows = await db
            .select({ type: instanceEvents.type, message: instanceEvents.message })
            .from(instanceEvents)
            .where(eq(instanceEvents.instanceId, created.id));
          return rows.some((e) => e.type === "instance.moved") && rows;
        });
        expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["instance.moving", "instance.moved"]));
        expect(after.status).toBe("running");

        const read = await execInContainer(endpointOf[to]!, after.containerId!, ["cat", "/srv/www/orders.txt"]);
        expect(read.stdout).toBe("written before the drain\n");
        expect(await urlOfInstance(created.id)).toBe(url);
        expect((await edgeRequest(`${url}/orders.txt`)).body).toBe("written before the drain\n");

        // Nothing of it is left on the drained host, and the move is over.
        expect(await inspectContainer(endpointOf[from]!, before.containerId!)).toBeNull();
        expect(await exists(dockerClient(endpointOf[from]!).getVolume(volumeName(created.id)).inspect())).toBe(false);
        const moves = await db.select().from(instanceMoves).where(eq(instanceMoves.instanceId, created.id));
        expect(moves).toMatchObject([{ fromHostId: from, toHostId: to, finishedAt: expect.any(Date), error: null }]);
      } finally {
        await setHostStatus(db, staff, { hostId: from, status: "active" });
      }
    },
  );
});
