import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rateLimits } from "@/db/schema";
import { hitRateLimit, peekRateLimit, tryAgainMessage } from "./rate-limit";

const limit = { limit: 3, windowSeconds: 600 };

describe("rate limits kept in the database", () => {
  it("allows up to the limit, then refuses with the time left", async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 3; i++) expect((await hitRateLimit(db, key, limit)).limited).toBe(false);
    const over = await hitRateLimit(db, key, limit);
    expect(over.limited).toBe(true);
    expect(over.retryAfterSeconds).toBeGreaterThan(590);
    expect(over.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect((await peekRateLimit(db, key, limit)).limited).toBe(true);
  });

  it("counts concurrent attempts exactly", async () => {
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(db, key, limit)));
    expect(results.filter((r) => !r.limited)).toHaveLength(3);
  });

  it("starts a new window once the old one has passed", async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 4; i++) await hitRateLimit(db, key, limit);
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '11 minutes'` })
      .where(eq(rateLimits.key, key));
    expect((await peekRateLimit(db, key, limit)).limited).toBe(false);
    expect((await hitRateLimit(db, key, limit)).limited).toBe(false);
  });

  it("words the wait in minutes, and a wait under a minute in seconds", () => {
    expect(tryAgainMessage(61)).toBe("Too many attempts. Please try again in 2 minutes.");
    expect(tryAgainMessage(30)).toBe("Too many attempts. Please wait 30 seconds and try again.");
  });
});
