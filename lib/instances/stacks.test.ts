import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instanceEvents, stacks } from "@/db/schema";
import { localStacks } from "@/db/catalog-data";
import { seedLocalStacks } from "@/db/seed";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { catalogIds, customerWithKey, ssh, waitForInstance } from "@/test/instances/world";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { createTrialInstance } from "./create";

// The stacks built from Debian packages (the global setup imports them into the test engine): each becomes
// ready on first boot with its starter page, served at the instance's address, as an unprivileged user, with
// every capability dropped and no network but the instance's own loopback.
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

// `server`: the stack's own app server answered, where it names itself.
const EXPECTED: Record<string, { title: string; files: string[]; server?: RegExp }> = {
  "local-node": { title: "Your Node.js app runs here", files: ["index.html", "package.json", "server.js"] },
  // Python caches the compiled app beside it.
  "local-python": {
    title: "Your Python app runs here",
    files: ["__pycache__", "app.py", "index.html"],
    server: /\bgunicorn\b/,
  },
  "local-ruby": { title: "Your Ruby app runs here", files: ["config.ru", "index.html"] },
  "local-static": { title: "Your static app runs here", files: ["index.html"], server: /\bnginx\// },
};

describe("the locally built stacks", () => {
  it.each(localStacks.map((s) => s.slug))(
    "%s: a trial becomes ready and its address serves its starter page",
    { timeout: 120_000 },
    async (slug) => {
      const { user, keyFile, keyId } = await customerWithKey(slug);
      await seedLocalStacks(db);
      const [stack] = await db.select().from(stacks).where(eq(stacks.slug, slug));
      const { planId } = await catalogIds();
      const created = await createTrialInstance(db, user.id, {
        name: "starter",
        planId,
        stackId: stack!.id,
        keyIds: [keyId],
      });
      if ("error" in created) throw new Error(created.error);

      // Ready means its health path answered 2xx through the relay and SSH through the gateway worked.
      const ready = await waitForInstance(
        created.instanceId,
        (i) => i.status === "running" || i.status === "failed",
        90_000,
      ).catch(async (error: Error) => {
        const events = await db.select().from(instanceEvents).where(eq(instanceEvents.instanceId, created.instanceId));
        throw new Error(`${error.message}; events: ${events.map((e) => e.message).join(" | ")}`);
      });
      expect(ready).toMatchObject({ status: "running", failureReason: null });
      const info = (await inspectContainer(env.DOCKER_HOST, ready.containerId!))!;
      expect(info.HostConfig).toMatchObject({
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        NetworkMode: expect.stringMatching(/^container:/),
      });

      // What the customer sees at the instance's address, served by the edge.
      const res = await edgeRequest(`${await urlOfInstance(ready.id)}${stack!.healthPath}`);
      expect(res.status).toBe(200);
      if (EXPECTED[slug]!.server) expect(res.servers.join(", ")).toMatch(EXPECTED[slug]!.server);
      expect(res.body).toContain(`<h1>${EXPECTED[slug]!.title}</h1>`);

      // The starter was written into the (empty) volume, as the app's unprivileged user, who can change it.
      const shell = await ssh(
        keyFile,
        ready.slug,
        env.SSH_GATEWAY_PORT,
        `id -un && ls ${stack!.volumePath} && touch ${stack!.volumePath}/mine`,
      );
      expect(shell).toMatchObject({ code: 0, stdout: `app\n${EXPECTED[slug]!.files.join("\n")}\n` });
    },
  );
});
