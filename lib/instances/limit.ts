import { and, count, eq, gte, ne, or } from "drizzle-orm";
import type { Db } from "@/db";
import { instances } from "@/db/schema";
import { env } from "@/lib/env";

// An instance awaiting payment holds a slot for as long as its Checkout page stays open (an hour); after that it
// no longer counts, and the hourly sweep removes it.
export const PENDING_PAYMENT_HOLD_MS = 3_600_000;

// The instances that count against the account's limit: every one not terminated, except an abandoned Checkout's.
export function countedInstances(userId: string, now = new Date()) {
  return and(
    eq(instances.ownerId, userId),
    ne(instances.status, "terminated"),
    or(
      ne(instances.status, "pending_payment"),
      gte(instances.createdAt, new Date(now.getTime() - PENDING_PAYMENT_HOLD_MS)),
    ),
  );
}

export async function instanceAllowance(db: Db, userId: string) {
  const [row] = await db.select({ used: count() }).from(instances).where(countedInstances(userId));
  return { used: row!.used, limit: env.MAX_INSTANCES_PER_ACCOUNT };
}

export const describeAllowance = (a: { used: number; limit: number }) =>
  `${a.used} of ${a.limit} instances${a.used >= a.limit ? ": the limit is reached." : ""}`;
