import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/db";
import * as provider from "@/lib/providers/docker";
import { buildTestImages, TEST_IMAGES } from "@/scripts/build-test-images";
import { env } from "@/lib/env";
import { networkPlan } from "@/lib/instances/spec";
import { freePort } from "@/scripts/lib/free-port";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import {
  insertCatalog,
  insertInstance,
  insertKey,
  insertUser,
  makeClientKey,
  type ClientKey,
} from "@/test/ssh-gateway/fixtures";

type KeyName = "alice" | "aliceRsa" | "aliceEcdsa" | "aliceSpare" | "bob" | "carol";
type InstanceName = "running" | "suspended" | "starting" | "carols";

export type World = {
  dir: string;
  endpoint: string;
  containerId: string;
  gateway: SshGateway;
  hostKeyPath: string;
  keys: Record<KeyName, ClientKey>;
  keyIds: Record<KeyName, string>;
  users: { alice: string; bob: string; carol: string };
  instances: Record<InstanceName, { id: string; slug: string }>;
  stop: () => Promise<void>;
};

/**
 * One busybox container on a private dockerd, and rows around it: alice owns three instances (running, suspended,
 * starting: all on that same container, so a refusal is the gateway's doing), bob's key is attached to her running
 * one, and carol is a suspended owner with a running instance and her own attached key.
 */
export async function startWorld(db: Db): Promise<World> {
  // The suite's private engine, started once by the vitest global setup for every test file.
  const dir = mkdtempSync(path.join(tmpdir(), "berth-gateway-"));
  const endpoint = env.DOCKER_HOST;
  const containerInstanceId = randomUUID();
  let containerId = "";
  let gateway: SshGateway | undefined;
  const stop = async () => {
    try {
      await gateway?.stop();
      if (containerId) await provider.removeContainer(endpoint, containerId);
      await provider.removeInstanceNetwork(endpoint, containerInstanceId);
      await provider.removeVolume(endpoint, containerInstanceId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await buildTestImages(endpoint);
    const name = `berth-gw-${containerInstanceId}`;
    const spec = {
      endpoint,
      instanceId: containerInstanceId,
      name,
      image: TEST_IMAGES.http,
      env: {},
      port: await freePort(),
      cpu: 0.5,
      memoryMb: 64,
      volumePath: "/srv/www",
      network: networkPlan({ networkMode: "isolated" }),
    };
    containerId = (await provider.ensureContainer(spec)).id;

    const keys = {
      alice: makeClientKey(dir, "alice"),
      aliceRsa: makeClientKey(dir, "aliceRsa", "rsa"),
      aliceEcdsa: makeClientKey(dir, "aliceEcdsa", "ecdsa"),
      aliceSpare: makeClientKey(dir, "aliceSpare"),
      bob: makeClientKey(dir, "bob"),
      carol: makeClientKey(dir, "carol"),
    };
    const catalog = await insertCatalog(db, endpoint);
    const users = {
      alice: (await insertUser(db, "alice")).id,
      bob: (await insertUser(db, "bob")).id,
      carol: (await insertUser(db, "carol", { suspended: true })).id,
    };
    const owners: Record<KeyName, string> = {
      alice: users.alice,
      aliceRsa: users.alice,
      aliceEcdsa: users.alice,
      aliceSpare: users.alice,
      bob: users.bob,
      carol: users.carol,
    };
    const keyIds = {} as Record<KeyName, string>;
    for (const k of Object.keys(keys) as KeyName[]) keyIds[k] = (await insertKey(db, owners[k], keys[k])).id;

    const alices = { ownerId: users.alice, containerId, keyIds: [keyIds.alice] };
    const running = { ...alices, keyIds: [keyIds.alice, keyIds.aliceRsa, keyIds.aliceEcdsa, keyIds.bob] };
    const instances = {
      running: await insertInstance(db, catalog, { ...running, status: "running" }),
      suspended: await insertInstance(db, catalog, { ...alices, status: "suspended" }),
      starting: await insertInstance(db, catalog, { ...alices, status: "starting" }),
      carols: await insertInstance(db, catalog, {
        ownerId: users.carol,
        containerId,
        status: "running",
        keyIds: [keyIds.carol],
      }),
    };
    const hostKeyPath = path.join(dir, "host_ed25519_key");
    gateway = await startSshGateway({ port: 0, db, hostKeyPath });
    return { dir, endpoint, containerId, gateway, hostKeyPath, keys, keyIds, users, instances, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
