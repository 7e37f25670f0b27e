import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { backups, emailLog, instanceEvents, instances, jobRuns, sshSessions } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { provisionInstance, terminateInstance } from "@/jobs/contracts";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { inspectContainer, listBerthContainers } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { emailsTo, waitForEmail } from "@/scripts/test/mailbox";
import { createTrialInstance } from "./create";
import { requestBackup, requestResize, requestRestore, requestTerminate } from "./customer-actions";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { instanceHostname } from "@/lib/instances/spec";
import { catalogIds, customerWithKey, runningTrial, ssh, waitFor, waitForInstance } from "@/test/instances/world";

const mailbox = process.env.MAILDEV_URL!;
let worker: EmbeddedWorker;
let gateway: SshGateway;

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
const workerProcesses = new Set<ChildProcess>();
function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env },
    stdio: "ignore",
  });
  workerProcesses.add(child);
  child.on("exit", () => workerProcesses.delete(child));
  return child;
}

afterAll(async () => {
  for (const child of workerProcesses) child.kill("SIGKILL");
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const emailStatuses = async (dedupeKey: string) =>
  (await db.select({ status: emailLog.status }).from(emailLog).where(eq(emailLog.dedupeKey, dedupeKey))).map(
    (e) => e.status,
  );

const eventTypes = async (instanceId: string) =>
  (
    await db.select({ type: instanceEvents.type }).from(instanceEvents).where(eq(instanceEvents.instanceId, instanceId))
  ).map((e) => e.type);

describe("a trial instance, from creation to termination", () => {
  it(
    "is provisioned on Docker, proven to work, reachable over SSH, resized, backed up, restored and terminated",
    { timeout: 150_000 },
    async () => {
      const { user, keyFile, keyId } = await customerWithKey("life");
      const created = await createTrialInstance(db, user.id, {
        name: "shop",
        ...(await catalogIds()),
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const id = created.instanceId;

      // Ready means it works: the container runs, HTTP answers 2xx, and SSH through the gateway works.
      const ready = await waitForInstance(id, (i) => i.status === "running");
      expect(ready.readyAt).toBeInstanceOf(Date);
      expect(ready.trialEndsAt!.getTime() - ready.readyAt!.getTime()).toBe(14 * 86_400_000);
      const info = (await inspectContainer(env.DOCKER_HOST, ready.containerId!))!;
      expect(info.HostConfig).toMatchObject({
        NetworkMode: expect.stringMatching(/^container:/),
        Memory: 512 * 1024 * 1024,
        NanoCpus: 0.5e9,
        CapDrop: ["ALL"],
        Privileged: false,
      });
      expect(info.Config.Labels["berth.instance"]).toBe(id);
      const url = await urlOfInstance(id);
      expect((await edgeRequest(`${url}/healthz`)).status).toBe(200);
      expect(await eventTypes(id)).toEqual(
        expect.arrayContaining(["instance.created", "instance.placed", "container.started", "instance.ready"]),
      );

      const mail = await waitForEmail(mailbox, user.email, { subject: /is ready/ });
      expect(mail.text).toContain(`ssh -p ${env.SSH_GATEWAY_PORT} ${ready.slug}@127.0.0.1`);
      expect(mail.text).toContain(gateway.hostKey.fingerprint);
      expect(url).toBe(`https://${ready.slug}.apps.localhost:${env.EDGE_HTTPS_PORT}`);
      expect(mail.text).toContain(url);

      const shell = await ssh(
        keyFile,
        ready.slug,
        env.SSH_GATEWAY_PORT,
        "echo version-1 > /srv/www/note.txt && cat /srv/www/note.txt",
      );
      expect(shell).toMatchObject({ code: 0, stdout: "version-1\n" });
      await waitFor("the session record", async () => {
        const [s] = await db
          .select()
          .from(sshSessions)
          .where(and(eq(sshSessions.instanceId, id), eq(sshSessions.exitCode, 0)));
        return s;
      });

      expect(await requestResize(db, user.id, id, (await catalogIds("standard")).planId, randomUUID())).toMatchObject({
        success: expect.any(String),
      });
      await waitFor(
        "the new memory limit",
        async () =>
          (await inspectContainer(env.DOCKER_HOST, ready.containerId!))!.HostConfig.Memory === 1024 * 1024 * 1024,
      );

      expect(await requestBackup(db, user.id, id)).toMatchObject({ success: expect.any(String) });
      const backup = await waitFor("a completed backup", async () => {
        const [b] = await db
          .select()
          .from(backups)
          .where(and(eq(backups.instanceId, id), eq(backups.status, "completed")));
        return b;
      });
      expect(backup.sizeBytes).toBeGreaterThan(0);
      expect(
        (
          await ssh(
            keyFile,
            ready.slug,
            env.SSH_GATEWAY_PORT,
            "echo version-2 > /srv/www/note.txt && touch /srv/www/new-file",
          )
        ).code,
      ).toBe(0);
      expect(await requestRestore(db, user.id, id, backup.id, randomUUID())).toMatchObject({
        success: expect.any(String),
      });
      await waitFor("the restore", async () => (await eventTypes(id)).includes("backup.restored"));
      expect(await ssh(keyFile, ready.slug, env.SSH_GATEWAY_PORT, "cat /srv/www/note.txt; ls /srv/www")).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^version-1\n(?![\s\S]*new-file)/),
      });

      expect(await requestTerminate(db, user.id, id, "wrong")).toMatchObject({
        error: expect.stringContaining("Type the instance's name"),
      });
      expect(await requestTerminate(db, user.id, id, "shop")).toMatchObject({ success: expect.any(String) });
      await waitForInstance(id, (i) => i.status === "terminated");
      expect(await inspectContainer(env.DOCKER_HOST, ready.containerId!)).toBeNull();
      // Its relay is gone with it, and its address no longer answers.
      expect(
        await inspectContainer(env.DOCKER_HOST, /^container:(.+)$/.exec(info.HostConfig.NetworkMode!)![1]!),
      ).toBeNull();
      expect((await edgeRequest(`${url}/healthz`)).status).toBe(404);
      const [final] = await db
        .select()
        .from(backups)
        .where(and(eq(backups.instanceId, id), eq(backups.kind, "final")));
      expect(final).toMatchObject({ status: "completed" });
      expect(final!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + (env.RETENTION_DAYS - 1) * 86_400_000);
      await waitForEmail(mailbox, user.email, { subject: /was terminated/ });
      expect(await emailsTo(mailbox, user.email).then((m) => m.filter((e) => /is ready/.test(e.subject)))).toHaveLength(
        1,
      );
    },
  );

  it("refuses other customers and wrong keys", { timeout: 60_000 }, async () => {
    const owner = await customerWithKey("owner");
    const stranger = await customerWithKey("stranger");
    const created = await createTrialInstance(db, owner.user.id, {
      name: "private",
      ...(await catalogIds()),
      keyIds: [owner.keyId],
    });
    if ("error" in created) throw new Error(created.error);
    const ready = await waitForInstance(created.instanceId, (i) => i.status === "running");
    expect(await requestTerminate(db, stranger.user.id, ready.id, "private")).toEqual({ error: "Instance not found." });
    expect(await requestBackup(db, stranger.user.id, ready.id)).toEqual({ error: "Instance not found." });
    const refused = await ssh(stranger.keyFile, ready.slug, env.SSH_GATEWAY_PORT, "true");
    expect(refused.code).not.toBe(0);
    expect((await ssh(owner.keyFile, ready.slug, env.SSH_GATEWAY_PORT, "true")).code).toBe(0);
  });
});

describe("a new instance's address", () => {
  it(
    "answers Berth's starting page from its creation until its app serves, never a 404",
    { timeout: 90_000 },
    async () => {
      const { user, keyId } = await customerWithKey("early");
      const created = await createTrialInstance(db, user.id, {
        name: "early",
        ...(await catalogIds()),
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      const [row] = await db.select().from(instances).where(eq(instances.id, created.instanceId));
      const url = `https://${instanceHostname(row!.slug)}:${env.EDGE_HTTPS_PORT}/healthz`;
      const first = await edgeRequest(url);
      expect(first.status).toBe(503);
      expect(first.body).toContain("<h1>early is starting</h1>");
      const answers = [first];
      while (answers.at(-1)!.status !== 200 && answers.length < 2000) {
        await new Promise((r) => setTimeout(r, 25));
        answers.push(await edgeRequest(url));
      }
      expect(answers.at(-1)!.status).toBe(200);
      const waiting = answers.filter((a) => a.status !== 200);
      expect(new Set(waiting.map((a) => `${a.status} ${/<h1>(.*?)<\/h1>/.exec(a.body)?.[1]}`))).toEqual(
        new Set(["503 early is starting"]),
      );
    },
  );
});

describe("idempotence", () => {
  it("a duplicate provision makes one container and one email", { timeout: 60_000 }, async () => {
    const { user, keyId } = await customerWithKey("dup");
    const created = await createTrialInstance(db, user.id, { name: "twice", ...(await catalogIds()), keyIds: [keyId] });
    if ("error" in created) throw new Error(created.error);
    await Promise.all(
      [1, 2, 3].map((n) =>
        enqueue(
          provisionInstance,
          { instanceId: created.instanceId },
          { idempotencyKey: `dup-test:${created.instanceId}:${n}` },
        ),
      ),
    );
    await waitForInstance(created.instanceId, (i) => i.status === "running");
    await waitForEmail(mailbox, user.email, { subject: /is ready/ });
    const containers = (await listBerthContainers(env.DOCKER_HOST)).filter((c) => c.instanceId === created.instanceId);
    expect(containers).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await emailsTo(mailbox, user.email)).filter((m) => /is ready/.test(m.subject))).toHaveLength(1);
  });

  it(
    "a ready email the mail server refused goes out when the job is retried, and only then",
    { timeout: 60_000 },
    async () => {
      const { user, keyId } = await customerWithKey("mailfail");
      const { id } = await runningTrial(user.id, keyId, "unlucky");
      await waitForEmail(mailbox, user.email, { subject: /is ready/ });
      // What a refused send leaves behind: the instance is running and its email is logged as failed, and the job
      // that moved it threw, so the engine runs it again.
      const key = `instance-ready:${id}`;
      await db
        .update(emailLog)
        .set({ status: "failed", error: "421 try again later" })
        .where(eq(emailLog.dedupeKey, key));
      await enqueue(provisionInstance, { instanceId: id }, { idempotencyKey: `mailfail-retry:${id}:1` });
      await waitForEmail(mailbox, user.email, { subject: /is ready/, count: 2 });
      // The mail server has it before the log row says so: the row is marked after the server's answer.
      await waitFor("the email to be logged as sent", async () => (await emailStatuses(key)).join() === "sent");
      // Sent now: a later retry or duplicate sends nothing more.
      await enqueue(provisionInstance, { instanceId: id }, { idempotencyKey: `mailfail-retry:${id}:2` });
      await waitFor(
        "the second retry to run",
        async () =>
          (await db.$count(
            jobRuns,
            and(eq(jobRuns.idempotencyKey, `mailfail-retry:${id}:2`), eq(jobRuns.status, "succeeded")),
          )) > 0,
      );
      expect((await emailsTo(mailbox, user.email)).filter((m) => /is ready/.test(m.subject))).toHaveLength(2);
    },
  );

  it("a termination email the mail server refused goes out when the job is retried", { timeout: 60_000 }, async () => {
    const { user, keyId } = await customerWithKey("termfail");
    const { id } = await runningTrial(user.id, keyId, "gone");
    expect(await requestTerminate(db, user.id, id, "gone")).toMatchObject({ success: expect.any(String) });
    await waitForEmail(mailbox, user.email, { subject: /was terminated/ });
    const key = `instance-terminated:${id}`;
    await db
      .update(emailLog)
      .set({ status: "failed", error: "421 try again later" })
      .where(eq(emailLog.dedupeKey, key));
    await enqueue(terminateInstance, { instanceId: id, reason: "retry" }, { idempotencyKey: `termfail-retry:${id}` });
    await waitForEmail(mailbox, user.email, { subject: /was terminated/, count: 2 });
    await waitFor("the email to be logged as sent", async () => (await emailStatuses(key)).join() === "sent");
  });

  it("one trial per account, with a clear message", async () => {
    const { user, keyId } = await customerWithKey("onetrial");
    const ids = await catalogIds();
    expect(await createTrialInstance(db, user.id, { name: "first", ...ids, keyIds: [keyId] })).toMatchObject({
      ok: true,
    });
    expect(await createTrialInstance(db, user.id, { name: "second", ...ids, keyIds: [] })).toEqual({
      error: expect.stringContaining("already used your free trial"),
    });
    expect(await db.select().from(instances).where(eq(instances.ownerId, user.id))).toHaveLength(1);
  });
});

// Last in this file: it stops the in-process worker, so nothing but the worker processes runs these jobs.
describe("a worker killed in the middle of provisioning", () => {
  it(
    "is replaced by a new worker that finishes with exactly one container and one email",
    { timeout: 180_000 },
    async () => {
      const { user, keyId } = await customerWithKey("killed");
      await worker.stop(); // only the worker processes below may run this instance's jobs
      const first = startWorkerProcess();
      const created = await createTrialInstance(db, user.id, {
        name: "phoenix",
        ...(await catalogIds()),
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);
      // Kill as soon as provisioning is under way: the container exists or the readiness checks have begun.
      await waitFor("provisioning to start", async () => {
        const [row] = await db.select().from(instances).where(eq(instances.id, created.instanceId));
        return row && row.status !== "provisioning"
          ? row
          : (await listBerthContainers(env.DOCKER_HOST)).some((c) => c.instanceId === created.instanceId);
      });
      first.kill("SIGKILL");

      startWorkerProcess();
      // graphile-worker alone would leave the killed worker's lock for four hours: finishing at all within this
      // wait proves the lock was released. The wait covers a second worker booting on two busy cores.
      await waitForInstance(created.instanceId, (i) => i.status === "running", 110_000);
      expect(
        (await listBerthContainers(env.DOCKER_HOST)).filter((c) => c.instanceId === created.instanceId),
      ).toHaveLength(1);
      await waitForEmail(mailbox, user.email, { subject: /is ready/ });
      expect((await emailsTo(mailbox, user.email)).filter((m) => /is ready/.test(m.subject))).toHaveLength(1);
    },
  );
});
