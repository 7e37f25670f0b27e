import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { jobRuns } from "@/db/schema";
import { enqueueCoalesced, enqueueCoalescedOnInsert, InvalidJobPayloadError } from "./index";
import { defineTestJob, queuedJobCount, uniqueJobId, waitFor, workerPool } from "@/test/jobs/engine-helpers";

// A table of this test's own for enqueueCoalescedOnInsert, as the webhook has stripe_events.
const marks = pgTable("test_coalesce_marks", { id: text().primaryKey() });

const workers = workerPool();
beforeAll(() => db.execute(sql`create table if not exists test_coalesce_marks (id text primary key)`));
afterEach(() => workers.stopAll());
afterAll(async () => {
  await db.execute(sql`drop table if exists test_coalesce_marks`);
  await closeDb();
});

const runsOf = (jobId: string) =>
  db.select().from(jobRuns).where(eq(jobRuns.job, jobId)).orderBy(asc(jobRuns.startedAt));

describe("coalesced enqueues (embedded engine)", () => {
  it("turns enqueues with one key into one run that starts after the delay, with the last payload", async () => {
    const seen: number[] = [];
    const job = defineTestJob({
      id: uniqueJobId("coalesce"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 2 },
      run: async ({ n }) => seen.push(n),
    });
    const opts = { key: `cus_${randomUUID()}`, delayMs: 300, maxDelayMs: 1_000 };
    const first = Date.now();
    for (const n of [1, 2, 3, 4, 5]) await enqueueCoalesced(job, { n }, opts);
    await enqueueCoalesced(job, { n: 9 }, { ...opts, key: `${opts.key}-other` });
    expect(await queuedJobCount(job.id)).toBe(2);
    expect(await runsOf(job.id)).toEqual([]);

    await workers.start({ jobs: [job] });
    const runs = await waitFor(async () => {
      const rows = await runsOf(job.id);
      return rows.length === 2 && rows.every((r) => r.status === "succeeded") ? rows : null;
    }, 5_000);
    expect(runs.map((r) => r.payload).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual([
      { n: 5 },
      { n: 9 },
    ]);
    expect(Math.min(...runs.map((r) => r.startedAt!.getTime())) - first).toBeGreaterThanOrEqual(280);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.sort()).toEqual([5, 9]);
  });

  it("pushes the start back with each enqueue (trailing), but never past maxDelayMs after the first", async () => {
    const job = defineTestJob({
      id: uniqueJobId("coalesce-trailing"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 2 },
      serialPerKey: true,
      run: async ({ n }) => n,
    });
    const opts = { key: `cus_${randomUUID()}`, delayMs: 300, maxDelayMs: 800 };
    await workers.start({ jobs: [job] });
    const first = Date.now();
    let last = first;
    for (let n = 0; n < 16; n++) {
      last = Date.now();
      await enqueueCoalesced(job, { n }, opts);
      await new Promise((r) => setTimeout(r, 100));
    }
    const runs = await waitFor(async () => {
      const rows = await runsOf(job.id);
      return rows.length >= 2 &&
        rows.every((r) => r.status === "succeeded") &&
        (rows.at(-1)!.payload as { n: number }).n === 15
        ? rows
        : null;
    }, 15_000);
    const start = runs[0]!.startedAt!.getTime();
    // Not 300 ms after the first enqueue (later ones pushed it back), and not 300 ms after the last one either:
    // the cap started it while enqueues were still coming, and those made the next run.
    expect(start - first).toBeGreaterThanOrEqual(700);
    expect(start).toBeLessThan(last);
    expect(runs.length).toBeLessThanOrEqual(3);
  });

  it("does not fold an enqueue into a run that already started: it makes the next run, which waits for it", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    const job = defineTestJob({
      id: uniqueJobId("coalesce-busy"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 2 },
      serialPerKey: true,
      run: async ({ n }) => {
        seen.push(n);
        if (n === 1) await gate;
        return n;
      },
    });
    const opts = { key: "cus_busy", delayMs: 50, maxDelayMs: 500 };
    await workers.start({ jobs: [job] });
    await enqueueCoalesced(job, { n: 1 }, opts);
    await waitFor(async () => (await runsOf(job.id))[0]?.status === "running", 5_000);
    await enqueueCoalesced(job, { n: 2 }, opts);
    await enqueueCoalesced(job, { n: 3 }, opts);
    // Past its delay, the next run still waits while the first one runs.
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual([1]);
    release();
    const runs = await waitFor(async () => {
      const rows = await runsOf(job.id);
      return rows.length === 2 && rows.every((r) => r.status === "succeeded") ? rows : null;
    }, 5_000);
    expect(runs.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 3 }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([1, 3]);
    expect(await queuedJobCount(job.id)).toBe(0);
  });

  it("adds nothing when the caller's transaction rolls back, and refuses a bad payload", async () => {
    const job = defineTestJob({
      id: uniqueJobId("coalesce-tx"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 1 },
      run: async () => null,
    });
    await expect(
      db.transaction(async (tx) => {
        await enqueueCoalesced(job, { n: 1 }, { key: "k", delayMs: 0, maxDelayMs: 0 }, tx);
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await queuedJobCount(job.id)).toBe(0);
    // @ts-expect-error the point of the test
    await expect(enqueueCoalesced(job, { n: "one" }, { key: "k", delayMs: 0, maxDelayMs: 0 })).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    expect(await queuedJobCount(job.id)).toBe(0);
  });

  it("enqueues on insert only when the row is new, in the same statement", async () => {
    const job = defineTestJob({
      id: uniqueJobId("coalesce-insert"),
      schema: z.object({ n: z.number() }),
      retry: { maxAttempts: 1 },
      run: async () => null,
    });
    const opts = { key: "k", delayMs: 60_000, maxDelayMs: 60_000 };
    const mark = (id: string) => db.insert(marks).values({ id }).onConflictDoNothing().returning({ id: marks.id });
    const id = `evt_${randomUUID()}`;
    expect(await enqueueCoalescedOnInsert(db, mark(id), job, { n: 1 }, opts)).toBe(true);
    expect(await enqueueCoalescedOnInsert(db, mark(id), job, { n: 2 }, opts)).toBe(false);
    expect(await queuedJobCount(job.id)).toBe(1);
    const [queued] = await db.execute<{ payload: unknown }>(
      sql`select payload from graphile_worker._private_jobs where key = ${`coalesce:${job.id}:k`}`,
    );
    expect(queued?.payload).toEqual({ n: 1 });
    expect(await enqueueCoalescedOnInsert(db, mark(`evt_${randomUUID()}`), job, { n: 3 }, opts)).toBe(true);
    expect(await queuedJobCount(job.id)).toBe(1);

    // A payload the job refuses writes nothing at all.
    const refused = `evt_${randomUUID()}`;
    // @ts-expect-error the point of the test
    await expect(enqueueCoalescedOnInsert(db, mark(refused), job, { n: "x" }, opts)).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    expect(await db.$count(marks, eq(marks.id, refused))).toBe(0);
    await db.execute(sql`delete from graphile_worker._private_jobs where key = ${`coalesce:${job.id}:k`}`);
  });
});
