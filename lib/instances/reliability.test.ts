import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { backups, emailLog, instanceEvents, instances, stacks } from "@/db/schema";
import { ensureStaffAccount } from "@/lib/accounts/staff";
import { enqueue } from "@/jobs/engine";
import { reconcile } from "@/jobs/contracts";
import { env } from "@/lib/env";
import { dockerClient, inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { freePort } from "@/scripts/lib/free-port";
import { emailsTo, waitForEmail } from "@/scripts/test/mailbox";
import { createTrialInstance } from "./create";
import { sweepTrials } from "./trial-expiry";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { catalogIds, customerWithKey, waitFor, waitForInstance } from "@/test/instances/world";

// This file runs its jobs in a worker process of its own, as `npm run worker` does, beside its own SSH gateway.
const mailbox = process.env.MAILDEV_URL!;
let gateway: SshGateway;
const workers = new Set<ChildProcess>();

function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env },
    stdio: "ignore",
  });
  workers.add(child);
  child.on("exit", () => workers.delete(child));
  return child;
}

beforeAll(async () => {
  process.env.SSH_GATEWAY_PORT = String(await freePort());
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
});
afterAll(async () => {
  for (const child of workers) child.kill("SIGKILL");
  await gateway?.stop();
});

describe("keeping the fleet true", () => {
  it("runs its worker below the app's CPU priority, so a burst of jobs does not slow requests down", async () => {
    const child = [...workers][0] ?? startWorkerProcess();
    const expected = Math.max(getPriority(), env.WORKER_NICE);
    expect(expected).toBeGreaterThan(0);
    // Every thread of it (Linux keeps one nice value per thread), field 19 of /proc/<pid>/task/<tid>/stat.
    const niceOfThreads = () =>
      readdirSync(`/proc/${child.pid}/task`).map((tid) =>
        Number(readFileSync(`/proc/${child.pid}/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]),
      );
    const seen = await waitFor("the worker to lower its priority", async () => {
      const nice = niceOfThreads();
      return nice.length > 1 && nice.every((n) => n === expected) ? nice : undefined;
    });
    expect(getPriority(child.pid!)).toBe(expected);
    expect(new Set(seen)).toEqual(new Set([expected]));
  });

  it("restarts a container killed from outside and records it", { timeout: 90_000 }, async () => {
    if (workers.size === 0) startWorkerProcess();
    const { user, keyId } = await customerWithKey("crash");
    const created = await createTrialInstance(db, user.id, {
      name: "crashy",
      ...(await catalogIds()),
      keyIds: [keyId],
    });
    if ("error" in created) throw new Error(created.error);
    const ready = await waitForInstance(created.instanceId, (i) => i.status === "running", 60_000);
    const url = await urlOfInstance(ready.id);
    await dockerClient(env.DOCKER_HOST).getContainer(ready.containerId!).kill();
    await waitFor(
      "the container to stop",
      async () => !(await inspectContainer(env.DOCKER_HOST, ready.containerId!))!.State.Running,
    );

    await enqueue(reconcile, {}, { idempotencyKey: `test-reconcile:${ready.id}` });
    const event = await waitFor("the restart to be recorded", async () => {
      const [row] = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, ready.id), eq(instanceEvents.type, "instance.restarted")));
      return row;
    });
    expect(event.message).toMatch(/restarted it/);
    expect((await inspectContainer(env.DOCKER_HOST, ready.containerId!))!.State.Running).toBe(true);
    await waitFor(
      "the address to answer again",
      async () => (await edgeRequest(`${url}/healthz`).catch(() => null))?.status === 200,
    );

    // The relay, which holds the instance's network, killed too: both come back and the address answers.
    const relayId = /^container:(.+)$/.exec(
      (await inspectContainer(env.DOCKER_HOST, ready.containerId!))!.HostConfig.NetworkMode!,
    )![1]!;
    await dockerClient(env.DOCKER_HOST).getContainer(relayId).kill();
    await waitFor("the relay to stop", async () => !(await inspectContainer(env.DOCKER_HOST, relayId))!.State.Running);
    await enqueue(reconcile, {}, { idempotencyKey: `test-reconcile-relay:${ready.id}` });
    await waitFor("the relay's restart to be recorded", async () => {
      const rows = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, ready.id), eq(instanceEvents.type, "instance.restarted")));
      return rows.some((r) => /relay/.test(r.message));
    });
    await waitFor(
      "the address to answer after the relay's restart",
      async () => (await edgeRequest(`${url}/healthz`).catch(() => null))?.status === 200,
    );
  });

  it(
    "suspends an ended trial with a backup, emails once, and terminates it after the retention period",
    { timeout: 90_000 },
    async () => {
      if (workers.size === 0) startWorkerProcess();
      const { user, keyId } = await customerWithKey("trialend");
      const created = await createTrialInstance(db, user.id, {
        name: "expiring",
        ...(await catalogIds()),
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const ready = await waitForInstance(created.instanceId, (i) => i.status === "running", 60_000);

      await db
        .update(instances)
        .set({ trialEndsAt: new Date(Date.now() + 86_400_000) })
        .where(eq(instances.id, ready.id));
      await sweepTrials(db);
      await sweepTrials(db);
      await waitForEmail(mailbox, user.email, { subject: /ends soon/ });

      await db
        .update(instances)
        .set({ trialEndsAt: new Date(Date.now() - 1000) })
        .where(eq(instances.id, ready.id));
      await sweepTrials(db);
      await sweepTrials(db);
      await waitForInstance(ready.id, (i) => i.status === "suspended", 30_000);
      expect((await inspectContainer(env.DOCKER_HOST, ready.containerId!))!.State.Running).toBe(false);
      const [auto] = await db
        .select()
        .from(backups)
        .where(and(eq(backups.instanceId, ready.id), eq(backups.kind, "automatic")));
      expect(auto).toMatchObject({ status: "completed" });
      await waitForEmail(mailbox, user.email, { subject: /has ended/ });

      await db
        .update(instances)
        .set({ suspendedAt: new Date(Date.now() - (env.RETENTION_DAYS + 1) * 86_400_000) })
        .where(eq(instances.id, ready.id));
      await sweepTrials(db);
      await waitForInstance(ready.id, (i) => i.status === "terminated", 30_000);
      await waitForEmail(mailbox, user.email, { subject: /was terminated/ });
      const subjects = (await emailsTo(mailbox, user.email)).map((m) => m.subject);
      for (const s of [/ends soon/, /has ended/, /was terminated/])
        expect(subjects.filter((x) => s.test(x))).toHaveLength(1);
    },
  );

  it(
    "marks an instance that cannot start as failed, tells the customer and alerts staff",
    { timeout: 60_000 },
    async () => {
      if (workers.size === 0) startWorkerProcess();
      const { user, keyId } = await customerWithKey("broken");
      const ids = await catalogIds();
      const [stack] = await db
        .insert(stacks)
        .values({
          slug: `crashing-${randomUUID().slice(0, 8)}`,
          name: "Crashing",
          kind: "runtime",
          image: "berth-test/http:latest",
          command: ["sh", "-c", "echo boom >&2; exit 3"],
          port: 8080,
          healthPath: "/healthz",
          volumePath: "/srv/www",
        })
        .returning();
      await ensureStaffAccount(db, { email: `oncall-${randomUUID()}@example.test`, role: "staff" });
      const created = await createTrialInstance(db, user.id, {
        name: "broken",
        planId: ids.planId,
        stackId: stack!.id,
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const failed = await waitForInstance(created.instanceId, (i) => i.status === "failed", 45_000);
      expect(failed.failureReason).toMatch(/exit code 3/);
      expect(failed.readyAt).toBeNull();
      await waitForEmail(mailbox, user.email, { subject: /could not start/ });
      // The staff alert goes out just after the customer's email.
      await waitFor("the staff alert", async () => {
        const alerts = await db
          .select()
          .from(emailLog)
          .where(
            and(
              eq(emailLog.template, "staff-alert"),
              eq(emailLog.subject, `[Berth staff] Instance ${failed.slug} failed to start`),
              eq(emailLog.status, "sent"),
            ),
          );
        return alerts.length > 0;
      });
      const [event] = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, failed.id), eq(instanceEvents.type, "instance.failed")));
      expect(event!.message).toMatch(/Failed to start/);
    },
  );
});
