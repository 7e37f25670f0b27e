import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { backups, instanceEvents, instances, plans } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { customerWithKey, runningTrial, ssh, waitFor } from "@/test/instances/world";
import { pruneExpiredBackups } from "./backup-retention";
import { requestBackup, requestRestore } from "./customer-actions";
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
