import { execFileSync } from "node:child_process";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instances, sshKeys, sshSessions } from "@/db/schema";
import { execInContainer } from "@/lib/providers/docker";
import { startGatewayProcess } from "@/scripts/ssh-gateway";
import { loadOrCreateHostKey, loadOrCreateProbeKey, probeKeyPath } from "./host-key";
import { connectProbe, probeViaGateway } from "./probe";
import { startSshGateway } from "./server";
import { loginSignedBy, shellAfterResize, ssh2Connection, ssh2LoginError } from "@/test/ssh-gateway/clients";
import { runSsh, type ClientKey } from "@/test/ssh-gateway/fixtures";
import { startWorld, type World } from "@/test/ssh-gateway/world";

// The real OpenSSH client against the gateway, a real PostgreSQL and a private dockerd; fails when Docker is unavailable.
let w: World;
const ssh = (
  slug: string,
  key: ClientKey | string,
  command?: string,
  more: { input?: string | Buffer; options?: string[] } = {},
) => runSsh({ port: w.gateway.port, slug, identity: typeof key === "string" ? key : key.file, command, ...more });
const sessionsOf = (instanceId: string) =>
  db.select().from(sshSessions).where(eq(sshSessions.instanceId, instanceId)).orderBy(desc(sshSessions.startedAt));
const fileExists = async (file: string) =>
  (await execInContainer(w.endpoint, w.containerId, ["sh", "-c", `test -e ${file}`])).exitCode === 0;
const DENIED = /Permission denied \(publickey\)/;

// Without Docker every test fails (a failed beforeAll alone would only mark them skipped).
let setupError: unknown;
beforeAll(async () => {
  try {
    w = await startWorld(db);
  } catch (error) {
    setupError = error;
  }
}, 180_000);
beforeEach(() => {
  if (setupError) throw setupError;
});
afterAll(() => w?.stop(), 60_000);

describe("ssh gateway: who gets in", () => {
  it("runs a command for the owner's attached key, with stdout, stderr and the real exit code", async () => {
    const r = await ssh(w.instances.running.slug, w.keys.alice, "echo hello; echo oops >&2; exit 3");
    expect(r).toMatchObject({ code: 3, stdout: "hello\n", stderr: "oops\n" });
  });

  it("accepts the owner's RSA and ECDSA keys too (signatures verified per algorithm)", async () => {
    for (const key of [w.keys.aliceRsa, w.keys.aliceEcdsa])
      expect(await ssh(w.instances.running.slug, key, "echo ok")).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("refuses a key of the owner that is not attached to the instance, another user's key, and unknown slugs", async () => {
    const { slug } = w.instances.running;
    for (const [target, key] of [
      [slug, w.keys.aliceSpare],
      [slug, w.keys.bob],
      ["no-such-instance", w.keys.alice],
    ] as const) {
      const r = await ssh(target, key, "touch /tmp/refused");
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(DENIED);
    }
    expect(await fileExists("/tmp/refused")).toBe(false);
  });

  it("tells a suspended owner why, and runs nothing", async () => {
    const r = await ssh(w.instances.carols.slug, w.keys.carol, "touch /tmp/carol");
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^berth: Your Berth account is suspended/);
    expect(await fileExists("/tmp/carol")).toBe(false);
  });

  it("tells the owner an instance is not running, with a command or a shell, and runs nothing", async () => {
    const suspended = await ssh(w.instances.suspended.slug, w.keys.alice, "touch /tmp/suspended");
    expect(suspended).toMatchObject({ code: 1, stdout: "" });
    expect(suspended.stderr).toMatch(/^berth: This instance is suspended: its page in your Berth dashboard says why/);
    const shell = await ssh(w.instances.starting.slug, w.keys.alice, undefined, {
      options: ["-tt"],
      input: "touch /tmp/starting\n",
    });
    expect(shell.code).toBe(1);
    expect(shell.stdout + shell.stderr).toMatch(/This instance is still starting/);
    expect(await fileExists("/tmp/suspended")).toBe(false);
    expect(await fileExists("/tmp/starting")).toBe(false);
    expect(await sessionsOf(w.instances.suspended.id)).toEqual([]);
    expect(await sessionsOf(w.instances.carols.id)).toEqual([]);
  });

  it("checks again for every session, so a suspension reaches connections already open", async () => {
    const conn = ssh2Connection({
      port: w.gateway.port,
      username: w.instances.running.slug,
      privateKey: w.keys.alice.privateKey,
    });
    try {
      expect(await conn.exec("echo one")).toMatchObject({ code: 0, stdout: "one\n" });
      await db.update(instances).set({ status: "suspended" }).where(eq(instances.id, w.instances.running.id));
      expect(await conn.exec("echo two")).toMatchObject({
        code: 1,
        stdout: "",
        stderr: expect.stringMatching(/^berth: This instance is suspended/),
      });
    } finally {
      conn.end();
      await db.update(instances).set({ status: "running" }).where(eq(instances.id, w.instances.running.id));
    }
  });

  it("offers publickey only: password and keyboard-interactive are refused", async () => {
    const openssh = await ssh(w.instances.running.slug, w.keys.alice, "true", {
      options: ["-o", "PreferredAuthentications=password,keyboard-interactive"],
    });
    expect(openssh.code).toBe(255);
    expect(openssh.stderr).toMatch(DENIED);
    const error = await ssh2LoginError({
      port: w.gateway.port,
      username: w.instances.running.slug,
      password: "hunter2",
      tryKeyboard: true,
    });
    expect(error?.level).toBe("client-authentication");
  });

  it("checks the signature: the owner's public key signed by another key is refused", async () => {
    const login = { port: w.gateway.port, username: w.instances.running.slug };
    expect(await loginSignedBy(login, w.keys.alice.privateKey, w.keys.alice.privateKey)).toBeNull();
    expect((await loginSignedBy(login, w.keys.alice.privateKey, w.keys.bob.privateKey))?.level).toBe(
      "client-authentication",
    );
  });
});

describe("ssh gateway: sessions", () => {
  it("pipes stdin both ways, in volume", async () => {
    expect(await ssh(w.instances.running.slug, w.keys.alice, "cat", { input: "data\n" })).toMatchObject({
      code: 0,
      stdout: "data\n",
    });
    const big = Buffer.alloc(3 * 1024 * 1024, "x");
    expect((await ssh(w.instances.running.slug, w.keys.alice, "wc -c", { input: big })).stdout.trim()).toBe(
      String(big.length),
    );
    expect((await ssh(w.instances.running.slug, w.keys.alice, "head -c 5000000 /dev/zero")).stdout.length).toBe(
      5_000_000,
    );
  });

  it("opens an interactive shell on a PTY", async () => {
    const r = await ssh(w.instances.running.slug, w.keys.alice, undefined, {
      options: ["-tt"],
      input: "echo $((6*7)); tty; exit\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^42\r?$/m);
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
  });

  it("records each session with its fingerprint, address and exit code, and marks the key as used", async () => {
    const rows = await sessionsOf(w.instances.running.id);
    const command = rows.find((s) => s.command === "echo hello; echo oops >&2; exit 3");
    expect(command).toMatchObject({
      userId: w.users.alice,
      keyFingerprint: w.keys.alice.fingerprint,
      remoteAddress: "127.0.0.1",
      exitCode: 3,
    });
    expect(command?.endedAt).toBeInstanceOf(Date);
    expect(rows.find((s) => s.command === null)).toMatchObject({
      exitCode: 0,
      keyFingerprint: w.keys.alice.fingerprint,
    });
    expect(rows.find((s) => s.keyFingerprint === w.keys.aliceRsa.fingerprint)).toMatchObject({
      command: "echo ok",
      exitCode: 0,
    });
    expect(rows.every((s) => s.endedAt !== null && s.userId === w.users.alice)).toBe(true);
    const [key] = await db.select().from(sshKeys).where(eq(sshKeys.id, w.keyIds.alice));
    expect(key?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("resizes the PTY on window-change", async () => {
    const login = { port: w.gateway.port, username: w.instances.running.slug, privateKey: w.keys.alice.privateKey };
    expect(await shellAfterResize(login, { rows: 50, cols: 132 })).toMatch(/^50 132\r?$/m);
  });

  it("ends open sessions on stop() and still records them", async () => {
    const second = await startSshGateway({ port: 0, db, hostKeyPath: w.hostKeyPath });
    const running = runSsh({
      port: second.port,
      slug: w.instances.running.slug,
      identity: w.keys.alice.file,
      command: "sleep 30",
    });
    await expect
      .poll(async () => (await sessionsOf(w.instances.running.id)).some((s) => s.command === "sleep 30"), {
        timeout: 10_000,
      })
      .toBe(true);
    const started = Date.now();
    await second.stop();
    expect((await running).code).toBe(255);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await sessionsOf(w.instances.running.id)).find((s) => s.command === "sleep 30")).toMatchObject({
      endedAt: expect.any(Date),
      exitCode: null,
    });
  });
});

describe("ssh gateway: host key and readiness probe", () => {
  it("prints the host key fingerprint exactly as ssh-keygen -lf and the client see it", async () => {
    const lines: string[] = [];
    await (await startGatewayProcess({ port: 0, hostKeyPath: w.hostKeyPath, log: (line) => lines.push(line) })).stop();
    // On SSH_GATEWAY_LISTEN, loopback unless the operator says otherwise.
    expect(lines).toContainEqual(expect.stringMatching(/^SSH gateway listening on 127\.0\.0\.1:\d+$/));
    const printed = lines.map((l) => /^Host key fingerprint: (SHA256:\S+) \(ED25519\)$/.exec(l)?.[1]).find(Boolean);
    const keygen = execFileSync("ssh-keygen", ["-lf", `${w.hostKeyPath}.pub`], { encoding: "utf8" }).split(" ")[1];
    expect(printed).toBe(keygen);
    expect(printed).toBe(w.gateway.hostKey.fingerprint);
    const seen = await ssh(w.instances.running.slug, w.keys.alice, "true", { options: ["-v"] });
    expect(seen.stderr).toContain(`Server host key: ssh-ed25519 ${w.gateway.hostKey.fingerprint}`);
  });

  it("runs `true` through the gateway for a starting or running instance, and nothing else", async () => {
    const probe = (slug: string) =>
      probeViaGateway({ host: "127.0.0.1", port: w.gateway.port, slug, hostKeyPath: w.hostKeyPath });
    expect(await probe(w.instances.running.slug)).toEqual({ ok: true });
    expect(await probe(w.instances.starting.slug)).toEqual({ ok: true });
    expect(await probe(w.instances.suspended.slug)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/refused/),
    });
    // Another gateway's keys: the probe does not trust a host key it was not given.
    const elsewhere = path.join(w.dir, "elsewhere", "host_ed25519_key");
    await Promise.all([loadOrCreateHostKey(elsewhere), loadOrCreateProbeKey(elsewhere)]);
    expect(
      await probeViaGateway({
        host: "127.0.0.1",
        port: w.gateway.port,
        slug: w.instances.running.slug,
        hostKeyPath: elsewhere,
      }),
    ).toMatchObject({ ok: false });
    const other = await ssh(w.instances.starting.slug, probeKeyPath(w.hostKeyPath), "touch /tmp/probe");
    expect(other).toMatchObject({ code: 1, stderr: expect.stringMatching(/may only run `true`/) });
    expect(
      (await ssh(w.instances.starting.slug, probeKeyPath(w.hostKeyPath), undefined, { options: ["-tt"] })).code,
    ).toBe(1);
    expect(await fileExists("/tmp/probe")).toBe(false);
    expect(await sessionsOf(w.instances.starting.id)).toEqual([]);
  });

  it("lets the probe log in while provisioning, and runs `true` only once the container is there", async () => {
    const { id, slug } = w.instances.starting;
    await db.update(instances).set({ status: "provisioning", containerId: null }).where(eq(instances.id, id));
    const opened = await connectProbe({ host: "127.0.0.1", port: w.gateway.port, slug, hostKeyPath: w.hostKeyPath });
    if (!opened.ok) throw new Error(opened.error);
    try {
      expect(await opened.probe.run()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/exited with 1: berth: This instance has no running container yet/),
      });
      await db.update(instances).set({ status: "starting", containerId: w.containerId }).where(eq(instances.id, id));
      expect(await opened.probe.run()).toEqual({ ok: true });
    } finally {
      opened.probe.close();
      await db.update(instances).set({ status: "starting", containerId: w.containerId }).where(eq(instances.id, id));
    }
    // Refused outright once the instance is past the point where it could start.
    await db.update(instances).set({ status: "failed" }).where(eq(instances.id, id));
    try {
      expect(
        await probeViaGateway({ host: "127.0.0.1", port: w.gateway.port, slug, hostKeyPath: w.hostKeyPath }),
      ).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
    } finally {
      await db.update(instances).set({ status: "starting" }).where(eq(instances.id, id));
    }
  });
});
