import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSlotsOf, takeStartSlot, whenHostQuiet } from "./start-slots";

const settled = async <T>(p: Promise<T>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe("start slots", () => {
  afterEach(() => vi.useRealTimers());

  it("are two per core of the host, at least two", () => {
    expect(startSlotsOf({ cpus: 2 })).toBe(4);
    expect(startSlotsOf({ cpus: 16 })).toBe(32);
    expect(startSlotsOf({ cpus: 0.5 })).toBe(2);
    expect(startSlotsOf({ cpus: null })).toBe(2);
  });

  it("let a host's instances through a few at a time, in the order they came", async () => {
    const host = { id: randomUUID(), cpus: 1 };
    const first = await takeStartSlot(host);
    const second = await takeStartSlot(host);
    const third = takeStartSlot(host);
    const fourth = takeStartSlot(host);
    expect(await settled(third)).toBe(false);
    // Another host has slots of its own.
    await takeStartSlot({ id: randomUUID(), cpus: 1 });

    first();
    first(); // giving it back twice frees one slot, not two
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    second();
    expect(await settled(fourth)).toBe(true);
    (await third)();
    (await fourth)();
    // All given back: two can go at once again.
    await takeStartSlot(host);
    await takeStartSlot(host);
    expect(await settled(takeStartSlot(host))).toBe(false);
  });

  it("are let go by a holder that never gives them back, after 30 seconds", async () => {
    vi.useFakeTimers();
    const host = { id: randomUUID(), cpus: 1 };
    await takeStartSlot(host);
    await takeStartSlot(host);
    let third = false;
    void takeStartSlot(host).then(() => (third = true));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(third).toBe(true);
  });
});

describe("a quiet host", () => {
  it("is one where no instance holds a start slot; waiting for it ends there, or after the longest wait", async () => {
    const host = { id: randomUUID(), cpus: 1 };
    expect(await settled(whenHostQuiet(host, 60_000))).toBe(true);
    const first = await takeStartSlot(host);
    const second = await takeStartSlot(host);
    const quiet = whenHostQuiet(host, 60_000);
    first();
    expect(await settled(quiet)).toBe(false);
    second();
    expect(await settled(quiet)).toBe(true);

    await takeStartSlot(host);
    const started = Date.now();
    await whenHostQuiet(host, 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
