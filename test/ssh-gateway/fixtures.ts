import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, instanceSshKeys, plans, sshKeys, stacks, users, type InstanceStatus } from "@/db/schema";
import { parsePublicKey } from "@/lib/ssh-keys";

// Shared by the SSH gateway's tests: client keys from the real ssh-keygen, the real OpenSSH client, and rows.
export type ClientKey = { file: string; privateKey: string; publicKey: string; fingerprint: string };

export function makeClientKey(dir: string, name: string, type: "ed25519" | "ecdsa" | "rsa" = "ed25519"): ClientKey {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", [
    "-q",
    "-t",
    type,
    ...(type === "rsa" ? ["-b", "3072"] : []),
    "-N",
    "",
    "-C",
    `${name}@test`,
    "-f",
    file,
  ]);
  const publicKey = readFileSync(`${file}.pub`, "utf8").trim();
  const parsed = parsePublicKey(publicKey);
  if (!parsed.ok) throw new Error(parsed.error);
  return { file, privateKey: readFileSync(file, "utf8"), publicKey, fingerprint: parsed.key.fingerprint };
}

export type SshResult = { code: number | null; stdout: string; stderr: string };

/** The real OpenSSH client, configured by nothing but these options (no ~/.ssh/config, agent or known_hosts). */
export function runSsh(o: {
  port: number;
  slug: string;
  identity: string;
  command?: string;
  input?: string | Buffer;
  options?: string[];
}): Promise<SshResult> {
  const args = [
    "-F",
    "/dev/null",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ConnectTimeout=10",
    ...(o.options ?? []),
    "-i",
    o.identity,
    "-p",
    String(o.port),
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

export async function insertCatalog(db: Db, endpoint: string) {
  const tag = randomUUID().slice(0, 8);
  const [plan] = await db
    .insert(plans)
    .values({
      slug: `gw-${tag}`,
      name: "Gateway test",
      cpu: 0.5,
      memoryMb: 64,
      diskGb: 1,
      priceCents: 0,
      stripeLookupKey: `gw-${tag}`,
    })
    .returning();
  const [stack] = await db
    .insert(stacks)
    .values({
      slug: `gw-${tag}`,
      name: "Gateway test",
      kind: "static",
      image: "berth-test/http:latest",
      port: 8080,
      volumePath: "/srv/www",
    })
    .returning();
  // The endpoint is unique: another test file may have registered this engine already.
  await db
    .insert(hosts)
    .values({ name: `gw-${tag}`, endpoint })
    .onConflictDoNothing({ target: hosts.endpoint });
  const [host] = await db.select().from(hosts).where(eq(hosts.endpoint, endpoint));
  return { planId: plan!.id, stackId: stack!.id, hostId: host!.id };
}

export async function insertUser(db: Db, name: string, opts: { suspended?: boolean } = {}) {
  const email = `${name}-${randomUUID().slice(0, 8)}@gateway.test`;
  const [user] = await db
    .insert(users)
    .values({ name, email, suspendedAt: opts.suspended ? new Date() : null })
    .returning();
  return user!;
}

export async function insertKey(db: Db, userId: string, key: ClientKey) {
  const parsed = parsePublicKey(key.publicKey);
  if (!parsed.ok) throw new Error(parsed.error);
  const { type, algorithm, bits, fingerprint, normalized } = parsed.key;
  const [row] = await db
    .insert(sshKeys)
    .values({ userId, name: key.file, type, algorithm, bits, fingerprint, publicKey: normalized })
    .returning();
  return row!;
}

export async function insertInstance(
  db: Db,
  catalog: { planId: string; stackId: string; hostId: string },
  o: { ownerId: string; status: InstanceStatus; containerId: string | null; keyIds: string[] },
) {
  const slug = `gw-${randomUUID().slice(0, 12)}`;
  const [row] = await db
    .insert(instances)
    .values({ ...catalog, ownerId: o.ownerId, name: slug, slug, status: o.status, containerId: o.containerId })
    .returning();
  for (const sshKeyId of o.keyIds) await db.insert(instanceSshKeys).values({ instanceId: row!.id, sshKeyId });
  return row!;
}
