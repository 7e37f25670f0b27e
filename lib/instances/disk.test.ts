import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emailLog, hosts, instanceEvents, plans, users } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { execInContainer, inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { waitForEmail } from "@/scripts/test/mailbox";
import { createTrialInstance } from "./create";
import { measureHostDisk } from "./disk";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";

// Disk use measured on the suite's real engine, against a plan with a 1 GB disk, crossed by a real file.
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

describe("disk use", () => {
  it(
    "is measured, shown against the plan, and crossing the plan's disk tells the customer and staff once",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("disk");
      const slug = `disk-${randomUUID().slice(0, 8)}`;
      const [plan] = await db
        .insert(plans)
        .values({
          slug,
          name: "Tiny disk",
          cpu: 0.5,
          memoryMb: 128,
          diskGb: 1,
          priceCents: 100,
          stripeLookupKey: slug,
          trialDays: 14,
        })
        .returning();
      const [staff] = await db
        .insert(users)
        .values({ email: `disk-staff-${randomUUID()}@example.test`, role: "staff", emailVerified: new Date() })
        .returning();
      const created = await createTrialInstance(db, user.id, {
        name: "files",
        planId: plan!.id,
        stackId: (await catalogIds()).stackId,
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const running = await waitForInstance(created.instanceId, (i) => i.status === "running");
      const [host] = await db.select().from(hosts).where(eq(hosts.id, running.hostId!));
      const run = (cmd: string) => execInContainer(env.DOCKER_HOST, running.containerId!, ["sh", "-c", cmd]);

      // Where the engine cannot cap the writable layer (not overlay2 on XFS with pquota), the container still runs.
      const info = await inspectContainer(env.DOCKER_HOST, running.containerId!);
      expect(info?.State.Running).toBe(true);

      expect((await run("dd if=/dev/zero of=/srv/www/small bs=1M count=3 2>/dev/null")).exitCode).toBe(0);
      await measureHostDisk(db, host!);
      const small = await waitForInstance(created.instanceId, (i) => i.diskMeasuredAt !== null);
      expect(small.diskUsedBytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      expect(small.diskUsedBytes).toBeLessThan(1024 ** 3);
      expect(small.diskOverLimitAt).toBeNull();

      // From 3 MB to past the whole plan in one measurement: only the over-limit message, not the 90% one too.
      expect((await run("dd if=/dev/zero of=/srv/www/big bs=1M count=1100 2>/dev/null")).exitCode).toBe(0);
      expect(await measureHostDisk(db, host!)).toMatchObject({ over: 1, near: 0 });
      const over = await waitForInstance(created.instanceId, (i) => i.diskOverLimitAt !== null);
      expect(over.diskUsedBytes).toBeGreaterThan(1024 ** 3);
      expect(over.diskNearLimitAt).not.toBeNull();
      const mail = await waitForEmail(process.env.MAILDEV_URL!, user.email, {
        subject: /using more disk than its plan has/,
      });
      expect(mail.text).toMatch(/more than the 1 GB of its plan/);
      await waitForEmail(process.env.MAILDEV_URL!, staff!.email, {
        subject: new RegExp(`${running.slug} is over its disk`),
      });

      // A second pass while still over tells nobody again.
      expect(await measureHostDisk(db, host!)).toMatchObject({ over: 0 });
      const told = await db
        .select()
        .from(emailLog)
        .where(and(eq(emailLog.userId, user.id), eq(emailLog.template, "disk-over-limit")));
      expect(told).toHaveLength(1);
      const events = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, created.instanceId), eq(instanceEvents.type, "disk.over_limit")));
      expect(events).toHaveLength(1);
      const mails = await db
        .select({ to: emailLog.to, template: emailLog.template, subject: emailLog.subject })
        .from(emailLog)
        .where(inArray(emailLog.to, [user.email, staff!.email]));
      expect(mails.filter((m) => m.template === "disk-near-limit" || /near its disk/.test(m.subject))).toEqual([]);
      expect(mails.map((m) => m.template).filter((t) => t.startsWith("disk-"))).toEqual(["disk-over-limit"]);
      const nearEvents = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, created.instanceId), eq(instanceEvents.type, "disk.near_limit")));
      expect(nearEvents).toEqual([]);

      // Back under the limit, the warning clears.
      expect((await run("rm /srv/www/big")).exitCode).toBe(0);
      await measureHostDisk(db, host!);
      const cleared = await waitForInstance(created.instanceId, (i) => i.diskOverLimitAt === null);
      expect(cleared.diskUsedBytes).toBeLessThan(1024 ** 3);
    },
  );

  it(
    "above 90% of the plan's disk warns the customer and staff once, and clears below 80%",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("disk-near");
      const slug = `disk-near-${randomUUID().slice(0, 8)}`;
      const [plan] = await db
        .insert(plans)
        .values({
          slug,
          name: "Small disk",
          cpu: 0.5,
          memoryMb: 128,
          diskGb: 1,
          priceCents: 100,
          stripeLookupKey: slug,
          trialDays: 14,
        })
        .returning();
      const [staff] = await db
        .insert(users)
        .values({ email: `disk-near-staff-${randomUUID()}@example.test`, role: "staff", emailVerified: new Date() })
        .returning();
      const created = await createTrialInstance(db, user.id, {
        name: "nearly",
        planId: plan!.id,
        stackId: (await catalogIds()).stackId,
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const running = await waitForInstance(created.instanceId, (i) => i.status === "running");
      const [host] = await db.select().from(hosts).where(eq(hosts.id, running.hostId!));
      const run = (cmd: string) => execInContainer(env.DOCKER_HOST, running.containerId!, ["sh", "-c", cmd]);
      const nearMails = () =>
        db
          .select()
          .from(emailLog)
          .where(and(eq(emailLog.userId, user.id), eq(emailLog.template, "disk-near-limit")));

      // 940 MB of 1 GB: near the limit, not over it.
      expect((await run("dd if=/dev/zero of=/srv/www/big bs=1M count=940 2>/dev/null")).exitCode).toBe(0);
      expect(await measureHostDisk(db, host!)).toMatchObject({ near: 1, over: 0 });
      const near = await waitForInstance(created.instanceId, (i) => i.diskNearLimitAt !== null);
      expect(near.diskOverLimitAt).toBeNull();
      const mail = await waitForEmail(process.env.MAILDEV_URL!, user.email, {
        subject: /^nearly has used over 90% of its disk$/,
      });
      expect(mail.text).toMatch(/more than 90% of the 1 GB of its plan/);
      expect(mail.text).toMatch(/move to a plan with more disk/);
      await waitForEmail(process.env.MAILDEV_URL!, staff!.email, {
        subject: new RegExp(`${running.slug} is near its disk limit`),
      });

      // Still near on the next pass: nobody is told again.
      expect(await measureHostDisk(db, host!)).toMatchObject({ near: 0 });
      expect(await nearMails()).toHaveLength(1);
      const events = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, created.instanceId), eq(instanceEvents.type, "disk.near_limit")));
      expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/above 90% of the plan's 1 GB\.$/)]);

      // 850 MB (83%) is still not clear; below 80% it is, and a later crossing is told again.
      expect(
        (await run("rm /srv/www/big && dd if=/dev/zero of=/srv/www/big bs=1M count=850 2>/dev/null")).exitCode,
      ).toBe(0);
      await measureHostDisk(db, host!);
      expect((await waitForInstance(created.instanceId, () => true)).diskNearLimitAt).not.toBeNull();
      expect((await run("rm /srv/www/big")).exitCode).toBe(0);
      await measureHostDisk(db, host!);
      await waitForInstance(created.instanceId, (i) => i.diskNearLimitAt === null);
      expect((await run("dd if=/dev/zero of=/srv/www/big bs=1M count=940 2>/dev/null")).exitCode).toBe(0);
      expect(await measureHostDisk(db, host!)).toMatchObject({ near: 1 });
      expect(await nearMails()).toHaveLength(2);
      expect((await run("rm /srv/www/big")).exitCode).toBe(0);
    },
  );
});
