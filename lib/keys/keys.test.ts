import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { insertPasswordUser } from "@/lib/accounts/queries";
import { instanceEvents, instances, instanceSshKeys, plans, sshKeys, stacks, type Instance } from "@/db/schema";
import { addKeySchema, addSshKey } from "./add-key";
import { deleteSshKey } from "./delete-key";
import { listUserKeys } from "./list-keys";

// Real keys from ssh-keygen; the fingerprints Berth stores must be the ones `ssh-keygen -lf` prints.
let dir: string;
const keygen = (...args: string[]) =>
  execFileSync("ssh-keygen", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function generate(type = "ed25519", comment = "ada@laptop", bits?: number) {
  const file = path.join(dir, randomUUID());
  keygen("-q", "-t", type, ...(bits ? ["-b", String(bits)] : []), "-N", "", "-C", comment, "-f", file);
  const fingerprint = keygen("-lf", `${file}.pub`).split(" ")[1]!;
  return { publicKey: readFileSync(`${file}.pub`, "utf8"), privateKey: readFileSync(file, "utf8"), fingerprint };
}

async function newUser() {
  const user = await insertPasswordUser(db, {
    name: "Ada",
    email: `keys-${randomUUID()}@example.test`,
    passwordHash: "x",
  });
  return user!.id;
}

const add = (userId: string, form: Record<string, unknown>) => addSshKey(db, userId, addKeySchema.parse(form));
const keysOf = (userId: string) => db.select().from(sshKeys).where(eq(sshKeys.userId, userId));

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "berth-keys-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("adding a key", () => {
  it("stores a pasted key under its comment, with the fingerprint ssh-keygen prints", async () => {
    const userId = await newUser();
    const key = generate("ed25519", "ada@laptop");
    expect(await add(userId, { publicKey: key.publicKey, name: "" })).toEqual({ success: "Key “ada@laptop” added." });
    const [stored] = await listUserKeys(db, userId);
    expect(stored).toMatchObject({
      name: "ada@laptop",
      type: "ed25519",
      bits: 256,
      fingerprint: key.fingerprint,
      lastUsedAt: null,
      instances: [],
    });
    expect(stored!.publicKey).toBe(key.publicKey.trim());
  });

  it("reads an uploaded .pub file and uses the given name, or the key type without a comment", async () => {
    const userId = await newUser();
    const rsa = generate("rsa", "", 3072);
    const file = new File([rsa.publicKey], "id_rsa.pub", { type: "application/octet-stream" });
    expect(await add(userId, { keyFile: file, publicKey: "" })).toEqual({ success: "Key “rsa key” added." });
    expect(await add(userId, { publicKey: generate("ecdsa").publicKey, name: "  Work  " })).toEqual({
      success: "Key “Work” added.",
    });
    const keys = await listUserKeys(db, userId);
    expect(keys.map((k) => [k.name, k.type, k.bits])).toEqual([
      ["rsa key", "rsa", 3072],
      ["Work", "ecdsa", 256],
    ]);
    expect(keys[0]!.fingerprint).toBe(rsa.fingerprint);
  });

  it("refuses the same key twice, naming the first one", async () => {
    const [userId, other] = [await newUser(), await newUser()];
    const key = generate();
    // Another account may hold the same public key; it neither blocks nor names mine.
    expect(await add(other, { publicKey: key.publicKey, name: "Theirs" })).toEqual({ success: "Key “Theirs” added." });
    await add(userId, { publicKey: key.publicKey, name: "Laptop" });
    expect(await add(userId, { publicKey: key.publicKey, name: "Again" })).toEqual({
      error: "You already added this key as “Laptop”.",
    });
    expect(await keysOf(userId)).toMatchObject([{ name: "Laptop" }]);
  });

  it("refuses a private key as leaked, pasted or uploaded, stores nothing and doesn't echo it", async () => {
    const userId = await newUser();
    const { privateKey } = generate();
    const pasted = await add(userId, { publicKey: privateKey, name: "Oops" });
    expect(pasted).toMatchObject({ leakedPrivateKey: true, error: expect.stringMatching(/PRIVATE key.*leaked/s) });
    expect(JSON.stringify(pasted)).not.toContain(privateKey.split("\n")[1]!);
    const uploaded = await add(userId, { keyFile: new File([privateKey], "id_ed25519") });
    expect(uploaded).toMatchObject({ leakedPrivateKey: true });
    const both = await add(userId, { publicKey: generate().publicKey, keyFile: new File([privateKey], "id_ed25519") });
    expect(both).toMatchObject({ leakedPrivateKey: true });
    expect(await keysOf(userId)).toHaveLength(0);
  });

  it("refuses garbage, weak RSA keys, two keys at once, and a name over 80 characters", async () => {
    const userId = await newUser();
    expect(await add(userId, { publicKey: "hello world" })).toEqual({
      error: expect.stringMatching(/doesn't look like an SSH public key/),
    });
    expect(await add(userId, { publicKey: "" })).toEqual({ error: expect.stringMatching(/Paste your public key/) });
    expect(await add(userId, { publicKey: generate("rsa", "old", 1024).publicKey })).toEqual({
      error: expect.stringMatching(/at least 2048 bits/),
    });
    const file = new File([generate().publicKey], "a.pub");
    expect(await add(userId, { publicKey: generate().publicKey, keyFile: file })).toEqual({
      error: "Paste a key or choose a .pub file, not both.",
    });
    expect(addKeySchema.safeParse({ publicKey: generate().publicKey, name: "x".repeat(81) }).success).toBe(false);
    expect(await keysOf(userId)).toHaveLength(0);
  });
});

describe("owner scoping", () => {
  it("never lets another user see or delete my key", async () => {
    const [me, other] = [await newUser(), await newUser()];
    await add(me, { publicKey: generate().publicKey, name: "Mine" });
    const [mine] = await keysOf(me);
    expect(await listUserKeys(db, other)).toEqual([]);
    expect(await deleteSshKey(db, other, mine!.id)).toEqual({ error: expect.stringMatching(/not found/) });
    expect(await keysOf(me)).toHaveLength(1);
  });
});

describe("deleting a key", () => {
  async function instancesFor(ownerId: string, names: [string, Instance["status"]][]) {
    const tag = randomUUID().slice(0, 8);
    const [plan] = await db
      .insert(plans)
      .values({
        slug: `keys-${tag}`,
        name: "Test",
        cpu: 1,
        memoryMb: 512,
        diskGb: 5,
        priceCents: 500,
        stripeLookupKey: `keys-${tag}`,
      })
      .returning();
    const [stack] = await db
      .insert(stacks)
      .values({
        slug: `keys-${tag}`,
        name: "Node",
        kind: "runtime",
        image: "node:22",
        port: 3000,
        volumePath: "/data",
      })
      .returning();
    return db
      .insert(instances)
      .values(
        names.map(([name, status]) => ({
          ownerId,
          name,
          status,
          slug: `${name}-${tag}`,
          planId: plan!.id,
          stackId: stack!.id,
        })),
      )
      .returning();
  }

  it("takes the key off the instances that use it and records it in their timelines", async () => {
    const userId = await newUser();
    const key = generate();
    await add(userId, { publicKey: key.publicKey, name: "Laptop" });
    await add(userId, { publicKey: generate().publicKey, name: "Desktop" });
    const [laptop, desktop] = await keysOf(userId).then((keys) =>
      ["Laptop", "Desktop"].map((n) => keys.find((k) => k.name === n)!),
    );
    const [shop, blog, old] = await instancesFor(userId, [
      ["shop", "running"],
      ["blog", "suspended"],
      ["old", "terminated"],
    ]);
    await db
      .insert(instanceSshKeys)
      .values([shop!, blog!, old!].map((i) => ({ instanceId: i.id, sshKeyId: laptop!.id })));
    await db.insert(instanceSshKeys).values({ instanceId: shop!.id, sshKeyId: desktop!.id });

    const listed = await listUserKeys(db, userId);
    expect(listed.find((k) => k.name === "Laptop")!.instances.map((i) => i.name)).toEqual(["blog", "shop"]);

    expect(await deleteSshKey(db, userId, laptop!.id)).toEqual({
      success: "Key “Laptop” deleted. It was removed from blog, shop.",
    });
    expect(await keysOf(userId)).toMatchObject([{ name: "Desktop" }]);
    const links = await db.select().from(instanceSshKeys).where(eq(instanceSshKeys.sshKeyId, laptop!.id));
    expect(links).toEqual([]);
    expect(await db.select().from(instanceSshKeys).where(eq(instanceSshKeys.sshKeyId, desktop!.id))).toHaveLength(1);

    for (const instance of [shop!, blog!]) {
      const events = await db
        .select()
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, instance.id), eq(instanceEvents.type, "key.removed")));
      expect(events).toMatchObject([
        {
          message: `SSH key “Laptop” (${key.fingerprint}) removed`,
          actorId: userId,
          data: { keyId: laptop!.id, name: "Laptop", fingerprint: key.fingerprint },
        },
      ]);
    }
    expect(await db.select().from(instanceEvents).where(eq(instanceEvents.instanceId, old!.id))).toEqual([]);
    expect(await deleteSshKey(db, userId, laptop!.id)).toEqual({ error: expect.stringMatching(/not found/) });
  });
});
