import { createHash, randomUUID } from "node:crypto";
import { enqueue } from "@/jobs/engine";
import { provisionInstance } from "@/jobs/contracts";
import { existsSync } from "node:fs";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { backups, instanceEvents, instances, instanceSshKeys, plans, sshKeys } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { catalogIds, customerWithKey, runningTrial, ssh, waitFor, waitForInstance } from "@/test/instances/world";
import { pruneExpiredBackups } from "./backup-retention";
import { requestBackup, requestRestore } from "./customer-actions";
import { restoreIntoCopy } from "./restore-copy";
import { scheduleDailyBackups } from "./scheduled-backups";

// Backups in the suite's S3 server (s3rver, started by the vitest global setup), read back through the S3 API.
let worker: EmbeddedWorker;
let gateway: SshGateway;
const s3 = new S3Client({
  endpoint: process.env.BACKUP_S3_ENDPOINT,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
});
const bucket = process.env.BACKUP_S3_BUCKET!;

beforeAll(async () => {
  if (!process.env.BACKUP_S3_ENDPOINT) throw new Error("BACKUP_S3_ENDPOINT is not set: the S3 server did not start");
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const objectBytes = async (key: string) =>
  Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
const objectExists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (error: { name?: string }) => (error.name === "NotFound" ? false : Promise.reject(error)),
  );

describe("backups in object storage", () => {
  it(
    "are streamed to the S3 bucket with their checksum, restore from it, refuse a damaged object without touching the data, and are pruned from it",
    { timeout: 120_000 },
    async () => {
      const { user, keyFile, keyId } = await customerWithKey("s3-backup");
      const ready = await runningTrial(user.id, keyId, "vault");
      const shell = (command: string) => ssh(keyFile, ready.slug, env.SSH_GATEWAY_PORT, command);
      expect((await shell("echo kept > /srv/www/note.txt")).code).toBe(0);

      expect(await requestBackup(db, user.id, ready.id)).toMatchObject({ success: expect.any(String) });
      const backup = await waitFor("a completed backup", async () => {
        const [b] = await db
          .select()
          .from(backups)
          .where(and(eq(backups.instanceId, ready.id), eq(backups.status, "completed")));
        return b;
      });
      expect(backup).toMatchObject({ storage: "s3", path: `${ready.id}/${backup.id}.tar` });
      const stored = await objectBytes(backup.path!);
      expect(stored.length).toBe(backup.sizeBytes);
      expect(createHash("sha256").update(stored).digest("hex")).toBe(backup.sha256);
      expect(stored.includes(Buffer.from("kept\n"))).toBe(true);
      expect(existsSync(path.resolve(env.BACKUP_DIR, backup.path!))).toBe(false);

      // A restore reads it back from the bucket.
      expect((await shell("echo changed > /srv/www/note.txt")).code).toBe(0);
      expect(await requestRestore(db, user.id, ready.id, backup.id, randomUUID())).toMatchObject({
        success: expect.any(String),
      });
      await waitFor("the restore", async () => {
        const [e] = await db
          .select()
          .from(instanceEvents)
          .where(and(eq(instanceEvents.instanceId, ready.id), eq(instanceEvents.type, "backup.restored")));
        return e;
      });
      expect((await shell("cat /srv/www/note.txt")).stdout).toBe("kept\n");

      // The object damaged in storage: the restore fails, says so, and leaves the data as it is.
      expect((await shell("echo after > /srv/www/note.txt")).code).toBe(0);
      const damaged = Buffer.from(stored);
      damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: backup.path!, Body: damaged }));
      expect(await requestRestore(db, user.id, ready.id, backup.id, randomUUID())).toMatchObject({
        success: expect.any(String),
      });
      const failed = await waitFor("the refused restore", async () => {
        const [e] = await db
          .select()
          .from(instanceEvents)
          .where(and(eq(instanceEvents.instanceId, ready.id), eq(instanceEvents.type, "backup.restore_failed")));
        return e;
      });
      expect(failed.message).toMatch(
        /^Restore failed, nothing was changed: The backup's archive does not match its checksum/,
      );
      expect((await shell("cat /srv/www/note.txt")).stdout).toBe("after\n");

      // Past its retention, the object goes with the row.
      await db
        .update(backups)
        .set({ kind: "automatic", expiresAt: new Date(Date.now() - 60_000) })
        .where(eq(backups.id, backup.id));
      await pruneExpiredBackups(db, new Date());
      expect(await db.$count(backups, eq(backups.id, backup.id))).toBe(0);
      expect(await objectExists(backup.path!)).toBe(false);
    },
  );
});

describe("scheduled backups", () => {
  it(
    "make one backup a day of each running instance whose plan keeps them, kept for the plan's days, however often the schedule runs",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("s3-scheduled");
      const ready = await runningTrial(user.id, keyId, "daily");
      const [plan] = await db.select().from(plans).where(eq(plans.id, ready.planId));
      expect(plan!.backupRetentionDays).toBe(7);
      const mine = () =>
        db
          .select()
          .from(backups)
          .where(and(eq(backups.instanceId, ready.id), eq(backups.kind, "scheduled")));

      // Within its first hour it is left alone; then, the schedule running twice at once makes one backup.
      const now = new Date();
      await scheduleDailyBackups(db, now);
      expect(await mine()).toEqual([]);
      await db
        .update(instances)
        .set({ readyAt: new Date(now.getTime() - 2 * 3_600_000) })
        .where(eq(instances.id, ready.id));
      await Promise.all([scheduleDailyBackups(db, now), scheduleDailyBackups(db, now)]);
      await scheduleDailyBackups(db, now);
      const [today, ...more] = await mine();
      expect(more).toEqual([]);
      expect(today).toMatchObject({ scheduledFor: now.toISOString().slice(0, 10) });
      expect(today!.expiresAt!.getTime()).toBe(now.getTime() + 7 * 86_400_000);
      const done = await waitFor("the scheduled backup", async () => {
        const [b] = await db.select().from(backups).where(eq(backups.id, today!.id));
        return b?.status === "completed" && b;
      });
      expect(done).toMatchObject({ storage: "s3", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await objectExists(done.path!)).toBe(true);

      // That backup made yesterday instead: today's run makes today's.
      const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
      await db.update(backups).set({ scheduledFor: yesterday }).where(eq(backups.id, today!.id));
      await scheduleDailyBackups(db, now);
      expect((await mine()).map((b) => b.scheduledFor).sort()).toEqual([yesterday, now.toISOString().slice(0, 10)]);
    },
  );
});

describe("restoring into a copy", () => {
  it(
    "makes a new instance of the owner's with the backup's data, leaves the original as it is, and is refused where a new instance would be",
    { timeout: 150_000 },
    async () => {
      // The original is a paid one (made here without Stripe), so the account still has its trial for the copy.
      const { user, keyFile } = await customerWithKey("s3-copy");
      const [original] = await db
        .insert(instances)
        .values({
          ownerId: user.id,
          name: "shop",
          slug: `shop-${randomUUID().slice(0, 8)}`,
          ...(await catalogIds()),
          status: "provisioning",
          desiredState: "running",
          isTrial: false,
        })
        .returning();
      await enqueue(provisionInstance, { instanceId: original!.id }, { idempotencyKey: `provision:${original!.id}` });
      const ready = await waitForInstance(original!.id, (i) => i.status === "running", 60_000);
      const shell = (slug: string, command: string) => ssh(keyFile, slug, env.SSH_GATEWAY_PORT, command);
      const keys = await db.select({ id: sshKeys.id }).from(sshKeys).where(eq(sshKeys.userId, user.id));
      await db.insert(instanceSshKeys).values(keys.map((k) => ({ instanceId: ready.id, sshKeyId: k.id })));
      expect((await shell(ready.slug, "echo orders > /srv/www/data.txt")).code).toBe(0);
      expect(await requestBackup(db, user.id, ready.id)).toMatchObject({ success: expect.any(String) });
      const backup = await waitFor("a completed backup", async () => {
        const [b] = await db
          .select()
          .from(backups)
          .where(and(eq(backups.instanceId, ready.id), eq(backups.status, "completed")));
        return b;
      });
      expect((await shell(ready.slug, "echo newer > /srv/www/data.txt")).code).toBe(0);

      // Someone else cannot make a copy of it.
      const stranger = await customerWithKey("s3-copy-stranger");
      expect(
        await restoreIntoCopy(db, stranger.user.id, { instanceId: ready.id, backupId: backup.id, name: "mine" }),
      ).toEqual({ error: "Instance not found." });

      const made = await restoreIntoCopy(db, user.id, {
        instanceId: ready.id,
        backupId: backup.id,
        name: "shop-copy",
        keyIds: keys.map((k) => k.id),
      });
      expect(made).toMatchObject({ ok: true, needsPayment: false });
      const copyId = (made as { instanceId: string }).instanceId;
      const copy = await waitForInstance(copyId, (i) => i.status === "running", 60_000);
      expect(copy).toMatchObject({ ownerId: user.id, planId: ready.planId, stackId: ready.stackId, isTrial: true });
      await waitFor("the copy's restore", async () => {
        const [e] = await db
          .select()
          .from(instanceEvents)
          .where(and(eq(instanceEvents.instanceId, copyId), eq(instanceEvents.type, "backup.restored")));
        return e;
      });
      expect((await shell(copy.slug, "cat /srv/www/data.txt")).stdout).toBe("orders\n");
      expect((await shell(ready.slug, "cat /srv/www/data.txt")).stdout).toBe("newer\n");

      // With the trial used, another copy waits for Checkout, as a new paid instance does.
      const paid = await restoreIntoCopy(db, user.id, { instanceId: ready.id, backupId: backup.id, name: "shop-paid" });
      expect(paid).toMatchObject({ ok: true, needsPayment: true });
      const [pending] = await db
        .select()
        .from(instances)
        .where(eq(instances.id, (paid as { instanceId: string }).instanceId));
      expect(pending).toMatchObject({ status: "pending_payment", restoreFromBackupId: backup.id, hostId: null });

      // At the account's limit it is refused, and nothing is made.
      const ids = await catalogIds();
      const fillers = env.MAX_INSTANCES_PER_ACCOUNT - 3;
      for (let n = 0; n < fillers; n++)
        await db.insert(instances).values({
          ownerId: user.id,
          name: `filler-${n}`,
          slug: `filler-${n}-${randomUUID().slice(0, 8)}`,
          ...ids,
          status: "pending_payment",
        });
      const before = await db.$count(instances, eq(instances.ownerId, user.id));
      expect(
        await restoreIntoCopy(db, user.id, { instanceId: ready.id, backupId: backup.id, name: "one-too-many" }),
      ).toEqual({ error: `You have reached the limit of ${env.MAX_INSTANCES_PER_ACCOUNT} instances per account.` });
      expect(await db.$count(instances, eq(instances.ownerId, user.id))).toBe(before);
    },
  );
});
