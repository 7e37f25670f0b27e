import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../lib/db";
import { instanceEvents, instances, jobRuns, plans, stacks, users } from "../../db/schema";
import { terminateInstance } from "../../jobs/terminate-instance";
import { enqueue } from "../../jobs/engine";
import { createTrialInstance } from "../../lib/instances/create";
import { startBerthParts } from "./berth-parts";

// Berth's own path: the customer's create call, the provision job, the readiness chain, ready_at.
export async function measureBerth(o: { oneRuns: number }) {
  const parts = await startBerthParts();
  const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const stackId = async (slug: string) => {
    const [stack] = await db.select().from(stacks).where(eq(stacks.slug, slug));
    if (!stack) throw new Error(`no ${slug} stack`);
    return stack.id;
  };
  const demo = await stackId("demo");
  const created: string[] = [];

  // Customers sign up before they create instances: their accounts are made before the clock starts.
  const newCustomer = async () =>
    (
      await db
        .insert(users)
        .values({ email: `bench-${randomUUID()}@example.test`, emailVerified: new Date() })
        .returning()
    )[0]!.id;
  async function createOne(userId: string, stack = demo): Promise<string> {
    const result = await createTrialInstance(db, userId, {
      name: "bench",
      planId: plan!.id,
      stackId: stack,
      keyIds: [],
    });
    if ("error" in result) throw new Error(result.error);
    created.push(result.instanceId);
    return result.instanceId;
  }
  async function readyTimes(ids: string[]) {
    for (const deadline = Date.now() + 180_000; ;) {
      if (Date.now() > deadline) throw new Error("not every instance was ready within 180 s");
      const rows = await db
        .select({
          createdAt: instances.createdAt,
          readyAt: instances.readyAt,
          status: instances.status,
          reason: instances.failureReason,
        })
        .from(instances)
        .where(inArray(instances.id, ids));
      const failed = rows.find((r) => r.status === "failed");
      if (failed) throw new Error(`an instance failed: ${failed.reason}`);
      if (rows.every((r) => r.readyAt)) return rows.map((r) => r.readyAt!.getTime() - r.createdAt.getTime());
      // The times come from the rows, not from when this loop sees them: looking rarely costs no precision.
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  // Where the time goes, from the timeline and the job runs: create → provision job picked up → placed →
  // container started → ready.
  async function breakdown(ids: string[]) {
    const rows = await db
      .select({ id: instanceEvents.instanceId, type: instanceEvents.type, at: instanceEvents.createdAt })
      .from(instanceEvents)
      .where(inArray(instanceEvents.instanceId, ids));
    const runs = await db
      .select({ id: sql<string>`${jobRuns.payload}->>'instanceId'`, startedAt: jobRuns.startedAt })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, "provision-instance"), inArray(sql`${jobRuns.payload}->>'instanceId'`, ids)));
    const at = (id: string, type: string) => rows.find((r) => r.id === id && r.type === type)?.at.getTime() ?? NaN;
    const pickedUp = (id: string) => runs.find((r) => r.id === id)?.startedAt?.getTime() ?? NaN;
    const phases = { picked: [] as number[], placed: [] as number[], started: [] as number[], ready: [] as number[] };
    for (const id of ids) {
      phases.picked.push(pickedUp(id) - at(id, "instance.created"));
      phases.placed.push(at(id, "instance.placed") - pickedUp(id));
      phases.started.push(at(id, "container.started") - at(id, "instance.placed"));
      phases.ready.push(at(id, "instance.ready") - at(id, "container.started"));
    }
    const mid = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    return `job picked up ${mid(phases.picked)} ms, placed +${mid(phases.placed)} ms, container started +${mid(phases.started)} ms, ready +${mid(phases.ready)} ms (medians)`;
  }

  const one: number[] = [];
  for (let i = 0; i < o.oneRuns; i++) one.push(...(await readyTimes([await createOne(await newCustomer())])));
  const oneBreakdown = await breakdown([...created]);

  const terminate = async (ids: string[]) => {
    for (const id of ids)
      await enqueue(
        terminateInstance,
        { instanceId: id, reason: "benchmark finished" },
        { idempotencyKey: `bench-end:${id}` },
      );
    await waitTerminated(ids);
  };

  return {
    one,
    oneBreakdown,
    // `count` created at once by as many customers; their times to ready_at and where the time went. They are
    // terminated afterwards (not timed), so each round starts from the same engine.
    many: async (count: number, stackSlug = "demo") => {
      const stack = await stackId(stackSlug);
      const customers = await Promise.all(Array.from({ length: count }, newCustomer));
      const ids = await Promise.all(customers.map((c) => createOne(c, stack)));
      const times = await readyTimes(ids);
      const where = await breakdown(ids);
      await terminate(ids);
      return { times, breakdown: where };
    },
    stop: async () => {
      await terminate(created);
      await parts.stop();
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
