import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hosts, instanceEvents, jobRuns } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { customerWithKey, runningTrial, waitForInstance } from "@/test/instances/world";
import { requestRestart } from "./customer-actions";

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

describe("restart", () => {
  it(
    "restarts the container once for a doubled request, shows it starting, and is running again after the health check",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("restart");
      const instance = await runningTrial(user.id, keyId, "bouncy");
      const [host] = await db.select().from(hosts).where(eq(hosts.id, instance.hostId!));
      const startedBefore = (await inspectContainer(host!.endpoint, instance.containerId!))!.State.StartedAt;

      // A stranger can't, and changes nothing.
      const stranger = await customerWithKey("restart-stranger");
      expect(await requestRestart(db, stranger.user.id, instance.id, randomUUID())).toEqual({
        error: "Instance not found.",
      });

      // The same form sent twice at once, and a second tab's request.
      const requestId = randomUUID();
      const [first, again] = await Promise.all([
        requestRestart(db, user.id, instance.id, requestId),
        requestRestart(db, user.id, instance.id, requestId),
      ]);
      expect(first).toEqual({ success: expect.stringMatching(/^Restarting\./) });
      expect(again).toEqual(first);
      expect(await requestRestart(db, user.id, instance.id, randomUUID())).toEqual({
        error: "It is starting already; it runs again in a moment.",
      });

      const running = await waitForInstance(instance.id, (i) => i.status === "running", 60_000);
      expect(running.statusChangedAt.getTime()).toBeGreaterThan(instance.statusChangedAt.getTime());
      const info = (await inspectContainer(host!.endpoint, instance.containerId!))!;
      expect(info.State.Running).toBe(true);
      expect(Date.parse(info.State.StartedAt)).toBeGreaterThan(Date.parse(startedBefore));

      const runs = await db
        .select()
        .from(jobRuns)
        .where(and(eq(jobRuns.job, "restart-instance"), sql`${jobRuns.payload}->>'instanceId' = ${instance.id}`));
      expect(runs.map((r) => [r.status, r.result])).toEqual([["succeeded", { skipped: false }]]);
      const events = await db
        .select({ type: instanceEvents.type, message: instanceEvents.message })
        .from(instanceEvents)
        .where(eq(instanceEvents.instanceId, instance.id))
        .orderBy(instanceEvents.createdAt);
      const sinceRestart = events.slice(events.findIndex((e) => e.type === "instance.restarting"));
      expect(sinceRestart.map((e) => e.type)).toEqual(["instance.restarting", "instance.running"]);
      expect(sinceRestart[0]!.message).toBe("Restart requested.");
      expect(sinceRestart[1]!.message).toMatch(/^Ready: the container runs/);

      // Running again, it can be restarted again.
      expect(await requestRestart(db, user.id, instance.id, randomUUID())).toMatchObject({
        success: expect.any(String),
      });
      await waitForInstance(instance.id, (i) => i.status === "running" && i.statusChangedAt > running.statusChangedAt);
    },
  );
});
