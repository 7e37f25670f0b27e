import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { resumeInstance, suspendInstance } from "@/jobs/contracts";
import { env } from "@/lib/env";
import { requestTerminate } from "@/lib/instances/customer-actions";
import { customerWithKey, runningTrial, waitFor, waitForInstance } from "@/test/instances/world";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { createEndpoint } from "./endpoints";
import { adminActor, startReceiver } from "@/test/webhooks/receiver";

let worker: EmbeddedWorker;
let gateway: SshGateway;
const endpointIds: string[] = [];

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});

afterAll(async () => {
  // Other suites share the database: no endpoint of this one may outlive it.
  if (endpointIds.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds));
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const LIFECYCLE = [
  "instance.created",
  "instance.ready",
  "trial.started",
  "instance.suspended",
  "instance.resumed",
  "instance.terminated",
];

describe("webhooks of an instance's life", () => {
  it(
    "sends a trial's lifecycle events, signed, once each, though the receiver fails the first attempt of two of them",
    { timeout: 180_000 },
    async () => {
      const receiver = await startReceiver({ failFirst: 2 });
      const admin = await adminActor();
      const created = await createEndpoint(db, admin, {
        url: receiver.url,
        description: "ops",
        events: [...LIFECYCLE, "instance.failed", "instance.resized"],
      });
      if (!created.endpointId) throw new Error(JSON.stringify(created));
      endpointIds.push(created.endpointId);
      receiver.state.secret = created.secret!;

      const { user, keyId } = await customerWithKey("hooks");
      const ready = await runningTrial(user.id, keyId, "hooked");
      await enqueue(
        suspendInstance,
        { instanceId: ready.id, reason: "testing webhooks", backup: false },
        { idempotencyKey: `hooks-suspend:${ready.id}` },
      );
      await waitForInstance(ready.id, (i) => i.status === "suspended");
      await enqueue(
        resumeInstance,
        { instanceId: ready.id, reason: "testing webhooks" },
        { idempotencyKey: `hooks-resume:${ready.id}` },
      );
      await waitForInstance(ready.id, (i) => i.status === "running");
      expect(await requestTerminate(db, user.id, ready.id, "hooked")).toMatchObject({ success: expect.any(String) });
      await waitForInstance(ready.id, (i) => i.status === "terminated", 60_000);

      const ours = () =>
        receiver.accepted().filter((r) => (r.data.instance as { id?: string } | undefined)?.id === ready.id);
      await waitFor("every lifecycle event", async () => ours().length >= LIFECYCLE.length, 60_000);
      await waitFor(
        "no delivery left pending",
        async () =>
          (
            await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.endpointId!))
          ).every((d) => d.status !== "pending"),
        30_000,
      );

      // Webhooks promise no order (a retried event arrives after later ones); each event's timestamp gives it.
      expect(
        ours()
          .map((r) => r.type)
          .sort(),
      ).toEqual([...LIFECYCLE].sort());
      expect(new Set(ours().map((r) => r.id)).size).toBe(LIFECYCLE.length);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      // The two refused attempts came again with the same webhook-id, and succeeded.
      const refused = receiver.received.filter((r) => r.answered === 500);
      expect(refused).toHaveLength(2);
      for (const r of refused) expect(receiver.accepted().filter((a) => a.id === r.id)).toHaveLength(1);

      const rows = await db
        .select({ delivery: webhookDeliveries, attempt: webhookAttempts })
        .from(webhookDeliveries)
        .innerJoin(webhookAttempts, eq(webhookAttempts.deliveryId, webhookDeliveries.id))
        .where(eq(webhookDeliveries.endpointId, created.endpointId));
      const failedAttempts = rows.filter((r) => !r.attempt.ok);
      expect(failedAttempts.map((r) => [r.attempt.attempt, r.attempt.statusCode, r.attempt.responseExcerpt])).toEqual([
        [1, 500, "not today"],
        [1, 500, "not today"],
      ]);
      for (const f of failedAttempts) {
        expect(
          rows
            .filter((r) => r.delivery.id === f.delivery.id)
            .map((r) => [r.attempt.attempt, r.attempt.ok])
            .sort(),
        ).toEqual([
          [1, false],
          [2, true],
        ]);
      }
      await receiver.stop();
    },
  );
});
