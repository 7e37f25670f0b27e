import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditLog, instanceEvents, users } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { createTrialInstance } from "@/lib/instances/create";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { freePort } from "@/scripts/lib/free-port";
import { waitForEmail } from "@/scripts/test/mailbox";
import { customerActor, staffActor } from "@/test/admin/staff";
import { ACCOUNT_SUSPENDED_REASON, sendUserPasswordReset, suspendUser, unsuspendUser } from "./users";

let worker: EmbeddedWorker;
let gateway: SshGateway;

beforeAll(async () => {
  process.env.SSH_GATEWAY_PORT = String(await freePort());
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const auditFor = (targetId: string) => db.select().from(auditLog).where(eq(auditLog.targetId, targetId));

describe("suspending and unsuspending a user", () => {
  it(
    "signs them out, stops their running instance, and brings it back on unsuspend",
    { timeout: 150_000 },
    async () => {
      const staff = await staffActor();
      const { user, keyId } = await customerWithKey("suspend");
      const created = await createTrialInstance(db, user.id, { name: "app", ...(await catalogIds()), keyIds: [keyId] });
      if ("error" in created) throw new Error(created.error);
      const running = await waitForInstance(created.instanceId, (i) => i.status === "running", 60_000);

      expect(await suspendUser(db, staff, user.id)).toMatchObject({
        success: expect.stringContaining("1 running instance"),
      });
      const [suspended] = await db.select().from(users).where(eq(users.id, user.id));
      expect(suspended!.suspendedAt).toBeInstanceOf(Date);
      expect(suspended!.sessionVersion).toBe(user.sessionVersion + 1);
      expect(await suspendUser(db, staff, user.id)).toEqual({ error: expect.stringContaining("already suspended") });

      await waitForInstance(running.id, (i) => i.status === "suspended", 60_000);
      expect((await inspectContainer(env.DOCKER_HOST, running.containerId!))!.State.Running).toBe(false);
      const [event] = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, running.id), eq(instanceEvents.type, "instance.suspended")));
      expect(event).toMatchObject({ actorId: staff.id, message: expect.stringContaining(ACCOUNT_SUSPENDED_REASON) });
      expect(await auditFor(user.id)).toEqual([
        expect.objectContaining({ action: "user.suspend", actorId: staff.id, targetType: "user", ip: staff.ip }),
      ]);
      expect(await auditFor(running.id)).toEqual([
        expect.objectContaining({ action: "instance.suspend", actorId: staff.id, ip: staff.ip }),
      ]);

      expect(await unsuspendUser(db, staff, user.id)).toMatchObject({
        success: expect.stringContaining("1 instance(s) are starting"),
      });
      const [back] = await db.select().from(users).where(eq(users.id, user.id));
      expect(back!.suspendedAt).toBeNull();
      await waitForInstance(running.id, (i) => i.status === "running", 60_000);
      expect((await inspectContainer(env.DOCKER_HOST, running.containerId!))!.State.Running).toBe(true);
      expect((await auditFor(user.id)).map((a) => a.action).sort()).toEqual(["user.suspend", "user.unsuspend"]);
      expect((await auditFor(running.id)).map((a) => a.action).sort()).toEqual(["instance.resume", "instance.suspend"]);
    },
  );

  it("leaves an instance suspended for another reason suspended", { timeout: 30_000 }, async () => {
    const staff = await staffActor();
    const customer = await customerActor();
    await suspendUser(db, staff, customer.id);
    expect(await unsuspendUser(db, staff, customer.id)).toMatchObject({
      success: expect.stringContaining("0 instance(s)"),
    });
  });

  it("refuses a caller who is not staff, and changes nothing", async () => {
    const customer = await customerActor();
    const victim = await customerActor("victim");
    expect(await suspendUser(db, customer, victim.id)).toEqual({ error: "Not found." });
    expect(await sendUserPasswordReset(db, customer, victim.id)).toEqual({ error: "Not found." });
    const [row] = await db.select().from(users).where(eq(users.id, victim.id));
    expect(row).toMatchObject({ suspendedAt: null, sessionVersion: 0 });
    expect(await auditFor(victim.id)).toEqual([]);
  });

  it("sends a password-reset email and records it", async () => {
    const staff = await staffActor();
    const customer = await customerActor("reset");
    const [row] = await db.select().from(users).where(eq(users.id, customer.id));
    expect(await sendUserPasswordReset(db, staff, customer.id)).toMatchObject({ success: expect.any(String) });
    await waitForEmail(process.env.MAILDEV_URL!, row!.email, { subject: /password/i });
    expect(await auditFor(customer.id)).toEqual([
      expect.objectContaining({ action: "user.password_reset_sent", ip: staff.ip }),
    ]);
  });
});
