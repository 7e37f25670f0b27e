import { eq, sql } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { closeDb, db } from "@/lib/db";
import { jobRuns } from "@/db/schema";
import { enqueueCoalesced, enqueueCoalescedOnInsert } from "./index";
import { defineTestJob, queuedJobCount, uniqueJobId } from "@/test/jobs/engine-helpers";

const sdk = vi.hoisted(() => ({ trigger: vi.fn(async () => ({ id: "run_1" })), configure: vi.fn() }));
vi.mock("@trigger.dev/sdk", () => ({
  tasks: { trigger: sdk.trigger },
  idempotencyKeys: { create: vi.fn() },
  configure: sdk.configure,
}));

// lib/env.ts parses the environment on first use, which in this file is after these are set.
const marks = pgTable("test_trigger_coalesce_marks", { id: text().primaryKey() });

beforeAll(async () => {
  vi.stubEnv("JOBS_ENGINE", "trigger");
  vi.stubEnv("TRIGGER_SECRET_KEY", "tr_dev_test");
  await db.execute(sql`create table if not exists test_trigger_coalesce_marks (id text primary key)`);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await db.execute(sql`drop table if exists test_trigger_coalesce_marks`);
  await closeDb();
});

it("under JOBS_ENGINE=trigger, a coalesced enqueue is a debounced trigger (trailing payload, bounded delay) and no row yet", async () => {
  const job = defineTestJob({
    id: uniqueJobId("debounced"),
    schema: z.object({ customerId: z.string() }),
    retry: { maxAttempts: 7 },
    run: async () => null,
  });
  await enqueueCoalesced(job, { customerId: "cus_a" }, { key: "cus_a", delayMs: 200, maxDelayMs: 2_000 });
  await enqueueCoalesced(job, { customerId: "cus_a" }, { key: "cus_a", delayMs: 1_500, maxDelayMs: 10_000 });

  expect(sdk.trigger).toHaveBeenNthCalledWith(
    1,
    job.id,
    { customerId: "cus_a" },
    { debounce: { key: "cus_a", delay: "1s", maxDelay: "2s", mode: "trailing" }, maxAttempts: 7 },
  );
  expect(sdk.trigger).toHaveBeenNthCalledWith(
    2,
    job.id,
    { customerId: "cus_a" },
    { debounce: { key: "cus_a", delay: "2s", maxDelay: "10s", mode: "trailing" }, maxAttempts: 7 },
  );
  expect(await db.$count(jobRuns, eq(jobRuns.job, job.id))).toBe(0);
  expect(await queuedJobCount(job.id)).toBe(0);

  // A job whose runs must not overlap per key gets its own concurrency key (its task's queue allows one at a time).
  const serial = defineTestJob({
    id: uniqueJobId("serial"),
    schema: z.object({ customerId: z.string() }),
    retry: { maxAttempts: 2 },
    serialPerKey: true,
    run: async () => null,
  });
  await enqueueCoalesced(serial, { customerId: "cus_c" }, { key: "cus_c", delayMs: 0, maxDelayMs: 0 });
  expect(sdk.trigger).toHaveBeenLastCalledWith(
    serial.id,
    { customerId: "cus_c" },
    {
      debounce: { key: "cus_c", delay: "1s", maxDelay: "1s", mode: "trailing" },
      maxAttempts: 2,
      concurrencyKey: "cus_c",
    },
  );
});

it("under JOBS_ENGINE=trigger, enqueueCoalescedOnInsert triggers only for a new row, and a refused trigger keeps no row", async () => {
  sdk.trigger.mockClear();
  const job = defineTestJob({
    id: uniqueJobId("debounced-insert"),
    schema: z.object({ customerId: z.string() }),
    retry: { maxAttempts: 3 },
    run: async () => null,
  });
  const opts = { key: "cus_b", delayMs: 200, maxDelayMs: 2_000 };
  const mark = (id: string) => db.insert(marks).values({ id }).onConflictDoNothing().returning({ id: marks.id });
  expect(await enqueueCoalescedOnInsert(db, mark("evt_1"), job, { customerId: "cus_b" }, opts)).toBe(true);
  expect(await enqueueCoalescedOnInsert(db, mark("evt_1"), job, { customerId: "cus_b" }, opts)).toBe(false);
  expect(sdk.trigger).toHaveBeenCalledTimes(1);

  sdk.trigger.mockRejectedValueOnce(new Error("503 from api.trigger.dev"));
  await expect(enqueueCoalescedOnInsert(db, mark("evt_2"), job, { customerId: "cus_b" }, opts)).rejects.toThrow("503");
  expect(await db.$count(marks, eq(marks.id, "evt_2"))).toBe(0);
});
