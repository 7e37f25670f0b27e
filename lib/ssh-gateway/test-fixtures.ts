import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import ssh2, { type ConnectConfig } from "ssh2";
import type { Db } from "@/db";
import { hosts, instances, instanceSshKeys, plans, sshKeys, stacks, users, type InstanceStatus } from "@/db/schema";
import { parsePublicKey } from "@/lib/ssh-keys";

// Shared by the SSH gateway's tests: client keys from the real ssh-keygen, the real OpenSSH client, and rows.
export type ClientKey = { file: string; privateKey: string; publicKey: string; fingerprint: string };

export function makeClientKey(dir: string, name: string, type: "ed25519" | "ecdsa" | "rsa" = "ed25519"): ClientKey {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", type, ...(type === "rsa" ? ["-b", "3072"] : []), "-N", "", "-C", `${name}@test`, "-f", file]);
  const publicKey = readFileSync(`${file}.pub`, "utf8").trim();
  const parsed = parsePublicKey(publicKey);
  if (!parsed.ok) throw new Error(parsed.error);
  return { file, privateKey: readFileSync(file, "utf8"), publicKey, fingerprint: parsed.key.fingerprint };
}

export type SshResult = { code: number | null; stdout: string; stderr: string };

/** The real OpenSSH client, configured by nothing but these options (no ~/.ssh/config, agent or known_hosts). */
export function runSsh(o: { port: number; slug: string; identity: string; command?: string; input?: string | Buffer; options?: string[] }): Promise<SshResult> {
  const args = [
    "-F", "/dev/null",
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "IdentitiesOnly=yes",
    "-o", "BatchMode=yes",
    "-o", "LogLevel=ERROR",
    "-o", "ConnectTimeout=10",
    ...(o.options ?? []),
    "-i", o.identity,
    "-p", String(o.port),
    `${o.slug}@127.0.0.1`,
    ...(o.command === undefined ? [] : [o.command]),
  ];
  const { SSH_AUTH_SOCK: _agent, ...env } = process.env;
  const child = spawn("/usr/bin/ssh", args, { env, stdio: ["pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => out.push(c));
  child.stderr.on("data", (c: Buffer) => err.push(c));
  child.stdin.on("error", () => {});
  child.stdin.end(o.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** Logs in with ssh2's client; resolves with the error that ended the attempt, or null once logged in. */
export function ssh2LoginError(config: ConnectConfig): Promise<(Error & { level?: string }) | null> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.on("error", resolve).on("ready", () => {
      client.end();
      resolve(null);
    });
    client.connect({ host: "127.0.0.1", readyTimeout: 10_000, ...config });
  });
}

/** Opens a 80x24 shell with ssh2's client, resizes it, and asks `stty size` until the new size shows (or 5s pass). */
export function shellAfterResize(login: { port: number; username: string; privateKey: string }, size: { rows: number; cols: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client().on("error", reject);
    client.on("ready", () =>
      client.shell({ rows: 24, cols: 80, term: "xterm" }, (error, channel) => {
        if (error) return reject(error);
        let out = "";
        const ask = setInterval(() => channel.write("stty size\n"), 200);
        const giveUp = setTimeout(() => channel.write("exit\n"), 5000);
        channel.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes(`${size.rows} ${size.cols}`)) channel.write("exit\n");
        });
        channel.on("close", () => {
          clearInterval(ask);
          clearTimeout(giveUp);
          client.end();
          resolve(out);
        });
        channel.setWindow(size.rows, size.cols, 0, 0);
      }),
    );
    client.connect({ host: "127.0.0.1", ...login });
  });
}

/** One logged-in ssh2 connection that can run several commands, each in a session of its own. */
export function ssh2Connection(login: { port: number; username: string; privateKey: string }) {
  const client = new ssh2.Client();
  const ready = new Promise<void>((resolve, reject) => client.on("ready", resolve).on("error", reject));
  client.connect({ host: "127.0.0.1", ...login });
  const exec = async (command: string) => {
    await ready;
    return new Promise<SshResult>((resolve, reject) =>
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        const result: SshResult = { code: null, stdout: "", stderr: "" };
        channel.on("data", (d: Buffer) => (result.stdout += d));
        channel.stderr.on("data", (d: Buffer) => (result.stderr += d));
        channel.on("exit", (code: number | null) => (result.code = code));
        channel.on("close", () => resolve(result));
      }),
    );
  };
  return { exec, end: () => client.end() };
}

export async function insertCatalog(db: Db, endpoint: string) {
  const tag = randomUUID().slice(0, 8);
  const [plan] = await db.insert(plans).values({ slug: `gw-${tag}`, name: "Gateway test", cpu: 0.5, memoryMb: 64, diskGb: 1, priceCents: 0, stripeLookupKey: `gw-${tag}` }).returning();
  const [stack] = await db.insert(stacks).values({ slug: `gw-${tag}`, name: "Gateway test", kind: "static", image: "berth-test/http:latest", port: 8080, volumePath: "/srv/www" }).returning();
  // The endpoint is unique: another test file may have registered this engine already.
  await db.insert(hosts).values({ name: `gw-${tag}`, endpoint }).onConflictDoNothing({ target: hosts.endpoint });
  const [host] = await db.select().from(hosts).where(eq(hosts.endpoint, endpoint));
  return { planId: plan!.id, stackId: stack!.id, hostId: host!.id };
}

export async function insertUser(db: Db, name: string, opts: { suspended?: boolean } = {}) {
  const email = `${name}-${randomUUID().slice(0, 8)}@gateway.test`;
  const [user] = await db.insert(users).values({ name, email, suspendedAt: opts.suspended ? new Date() : null }).returning();
  return user!;
}

export async function insertKey(db: Db, userId: string, key: ClientKey) {
  const parsed = parsePublicKey(key.publicKey);
  if (!parsed.ok) throw new Error(parsed.error);
  const { type, algorithm, bits, fingerprint, normalized } = parsed.key;
  const [row] = await db.insert(sshKeys).values({ userId, name: key.file, type, algorithm, bits, fingerprint, publicKey: normalized }).returning();
  return row!;
}

export async function insertInstance(
  db: Db,
  catalog: { planId: string; stackId: string; hostId: string },
  o: { ownerId: string; status: InstanceStatus; containerId: string | null; keyIds: string[] },
) {
  const slug = `gw-${randomUUID().slice(0, 12)}`;
  const [row] = await db.insert(instances).values({ ...catalog, ownerId: o.ownerId, name: slug, slug, status: o.status, containerId: o.containerId }).returning();
  for (const sshKeyId of o.keyIds) await db.insert(instanceSshKeys).values({ instanceId: row!.id, sshKeyId });
  return row!;
}
