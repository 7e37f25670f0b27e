import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instanceEvents, stacks } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { TEST_IMAGES } from "@/scripts/build-test-images";
import { startLoopbackRegistry, type LoopbackRegistry } from "@/test/instances/registry";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { createTrialInstance } from "./create";

// A stack whose image the host lacks, pinned by digest and served by a registry on loopback (the engine pulls
// from it as from Docker Hub): the provision job pulls it, says so on the timeline, and the instance works.
let worker: EmbeddedWorker;
let gateway: SshGateway;
let registry: LoopbackRegistry;
const name = `berth-test/pulled-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
  registry = await startLoopbackRegistry({ endpoint: env.DOCKER_HOST, image: TEST_IMAGES.http, name, tag: "1" });
});

afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
  await registry?.stop();
});

const timeline = async (instanceId: string) =>
  (
    await db
      .select()
      .from(instanceEvents)
      .where(eq(instanceEvents.instanceId, instanceId))
      .orderBy(asc(instanceEvents.createdAt))
  ).map((e) => e.message);

describe("a stack's image the host lacks", () => {
  it("is pulled by digest when an instance needs it, with the pull on the timeline, once per host", async () => {
    const { user, keyId } = await customerWithKey("pull");
    const image = `${registry.host}/${name}@${registry.manifestDigest}`;
    const [stack] = await db
      .insert(stacks)
      .values({
        slug: `pulled-${randomUUID().slice(0, 8)}`,
        name: "Pulled",
        kind: "static",
        image,
        port: 8080,
        healthPath: "/healthz",
        volumePath: "/srv/www",
      })
      .returning();
    const { planId } = await catalogIds();
    const create = async (who: string, key: string) => {
      const created = await createTrialInstance(db, who, { name: "pulled", planId, stackId: stack!.id, keyIds: [key] });
      if ("error" in created) throw new Error(created.error);
      return waitForInstance(created.instanceId, (i) => i.status === "running" || i.status === "failed", 60_000);
    };

    const first = await create(user.id, keyId);
    expect(first).toMatchObject({ status: "running", failureReason: null });
    expect(await timeline(first.id)).toEqual(
      expect.arrayContaining([
        `Pulling ${image} …`,
        expect.stringMatching(
          new RegExp(`^Pulled ${image.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} … \\d+ MB in \\d+ s$`),
        ),
      ]),
    );
    expect(registry.pulls()).toBe(1);
    expect((await edgeRequest(`${await urlOfInstance(first.id)}/healthz`)).status).toBe(200);

    // The host has it now: the next instance of the stack starts without a download.
    const other = await customerWithKey("pull-again");
    const second = await create(other.user.id, other.keyId);
    expect(second).toMatchObject({ status: "running" });
    expect((await timeline(second.id)).filter((m) => m.startsWith("Pull"))).toEqual([]);
    expect(registry.pulls()).toBe(1);
  }, 90_000);
});
