import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { db } from "../../db";
import { instanceEvents, instances, plans, stacks, users } from "../../db/schema";
import { startEmbeddedWorker } from "../../jobs/engine/embedded";
import { terminateInstance } from "../../jobs/terminate-instance";
import { enqueue } from "../../jobs/engine";
import { allJobs } from "../../jobs/registry";
import { env } from "../../lib/env";
import { createTrialInstance } from "../../lib/instances/create";
import { startSshGateway } from "../../lib/ssh-gateway/server";

// Berth's own path: the customer's create call, the provision job, the readiness chain, ready_at.
export async function measureBerth(o: { oneRuns: number; many: number }) {
  const gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  const worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: env.WORKER_CONCURRENCY });
  const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "demo"));
  const created: string[] = [];

  async function createOne(): Promise<string> {
    const [user] = await db.insert(users).values({ email: `bench-${randomUUID()}@example.test`, emailVerified: new Date() }).returning();
    const result = await createTrialInstance(db, user!.id, { name: "bench", planId: plan!.id, stackId: stack!.id, keyIds: [] });
    if ("error" in result) throw new Error(result.error);
    created.push(result.instanceId);
    return result.instanceId;
  }
  async function readyTimes(ids: string[]) {
    for (;;) {
      const rows = await db.select({ createdAt: instances.createdAt, readyAt: instances.readyAt, status: instances.status, reason: instances.failureReason })
        .from(instances).where(inArray(instances.id, ids));
      const failed = rows.find((r) => r.status === "failed");
      if (failed) throw new Error(`an instance failed: ${failed.reason}`);
      if (rows.every((r) => r.readyAt)) return rows.map((r) => r.readyAt!.getTime() - r.createdAt.getTime());
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // Where the time goes, from the timeline: create → placed → container started → ready.
  async function breakdown(ids: string[]) {
    const rows = await db.select({ id: instanceEvents.instanceId, type: instanceEvents.type, at: instanceEvents.createdAt })
      .from(instanceEvents).where(inArray(instanceEvents.instanceId, ids));
    const at = (id: string, type: string) => rows.find((r) => r.id === id && r.type === type)?.at.getTime() ?? NaN;
    const phases = { placed: [] as number[], started: [] as number[], ready: [] as number[] };
    for (const id of ids) {
      phases.placed.push(at(id, "instance.placed") - at(id, "instance.created"));
      phases.started.push(at(id, "container.started") - at(id, "instance.placed"));
      phases.ready.push(at(id, "instance.ready") - at(id, "container.started"));
    }
    const mid = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    return `placed ${mid(phases.placed)} ms, container started +${mid(phases.started)} ms, ready +${mid(phases.ready)} ms (medians)`;
  }

  const one: number[] = [];
  for (let i = 0; i < o.oneRuns; i++) one.push(...(await readyTimes([await createOne()])));
  const oneIds = [...created];
  const manyIds = await Promise.all(Array.from({ length: o.many }, createOne));
  const many = await readyTimes(manyIds);

  return {
    one, many, oneBreakdown: await breakdown(oneIds), manyBreakdown: await breakdown(manyIds),
    stop: async () => {
      for (const id of created) await enqueue(terminateInstance, { instanceId: id, reason: "benchmark finished" }, { idempotencyKey: `bench-end:${id}` });
      await waitTerminated(created);
      await worker.stop();
      await gateway.stop();
    },
  };
}

async function waitTerminated(ids: string[]) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const rows = await db.select({ status: instances.status }).from(instances).where(inArray(instances.id, ids));
    if (rows.every((r) => r.status === "terminated")) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
