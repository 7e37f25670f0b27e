import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { accounts, instances, sessions, sshKeys, subscriptions, users, userTokens } from "@/db/schema";
import { closeAccountJob, terminateInstance } from "@/jobs/contracts";
import { inMs } from "@/jobs/engine";
import { endAccountSubscriptions } from "@/lib/billing/end-subscription";
import { env } from "@/lib/env";
import { sendEmail } from "@/lib/mail";
import { enqueue } from "@/jobs/engine";

export const tombstoneEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;

// Deleting an account: nobody can sign in from the first step; every subscription ends at once; every instance is
// terminated (its final backup kept for RETENTION_DAYS); once they all are, the owner is told and the row keeps
// no personal data. The row itself stays, so backups and invoices keep an owner and nothing cascades away;
// invoices carry the name and email they were made out to. Each step checks what is done, so this runs again
// (the follow-up job, a retry) until it is finished, and does nothing twice.
export async function closeAccount(db: Db, userId: string, check = 1) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.email === tombstoneEmail(userId)) return { done: true };
  if (!user.deletedAt) await lockOut(db, userId);
  await endAccountSubscriptions(db, userId);

  const owned = await db
    .select({ id: instances.id, name: instances.name, status: instances.status })
    .from(instances)
    .where(eq(instances.ownerId, userId));
  const live = owned.filter((i) => i.status !== "terminated");
  for (const i of live) {
    await enqueue(
      terminateInstance,
      { instanceId: i.id, reason: "you deleted your account.", actorId: null },
      { idempotencyKey: `account-deleted:${i.id}` },
    );
  }
  if (live.length > 0) {
    const next = check + 1;
    await enqueue(
      closeAccountJob,
      { userId, check: next },
      { idempotencyKey: `close-account:${userId}:${next}`, runAt: inMs(Math.min(1000 * next, 60_000)) },
    );
    return { done: false, waitingFor: live.length };
  }

  const [ended] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), ne(subscriptions.status, "incomplete_expired")));
  const terminatedNames = owned.filter((i) => i.status === "terminated").map((i) => i.name);
  await sendEmail(db, {
    to: user.email,
    userId,
    template: "account-deleted",
    dedupeKey: `account-deleted:${userId}`,
    props: {
      name: user.name ?? "there",
      instanceNames: terminatedNames,
      subscriptionsEnded: ended?.n ?? 0,
      backupDays: env.RETENTION_DAYS,
    },
  });
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ email: tombstoneEmail(userId), name: null, image: null, emailVerified: null })
      .where(eq(users.id, userId));
    await tx.delete(sshKeys).where(eq(sshKeys.userId, userId));
  });
  return { done: true };
}

// Every way in ends: the password, linked sign-ins, open links and sessions.
async function lockOut(db: Db, userId: string) {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ deletedAt: new Date(), passwordHash: null, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await tx.delete(accounts).where(eq(accounts.userId, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(userTokens).where(eq(userTokens.userId, userId));
  });
}

// What deleting the account would end, for the settings page to say before the customer confirms.
export async function deletionPreview(db: Db, userId: string) {
  const live = await db
    .select({ name: instances.name, isTrial: instances.isTrial })
    .from(instances)
    .where(and(eq(instances.ownerId, userId), ne(instances.status, "terminated")));
  return {
    instanceNames: live.map((i) => i.name),
    paid: live.filter((i) => !i.isTrial).length,
    retentionDays: env.RETENTION_DAYS,
  };
}
