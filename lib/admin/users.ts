import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { instanceEvents, instances, users } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { resumeInstance, suspendInstance } from "@/jobs/contracts";
import { sendResetEmail } from "@/lib/accounts/password-reset";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "./audit";

export const ACCOUNT_SUSPENDED_REASON = "Your account was suspended.";
const RUNNING: ("running" | "starting")[] = ["running", "starting"];

// Ends every session at once (the JWT is re-checked against session_version on each request) and stops what runs.
export async function suspendUser(db: Db, actor: Actor, userId: string): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  if (actor.id === userId) return { error: "You cannot suspend your own account." };
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ suspendedAt: sql`now()`, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, userId), isNull(users.suspendedAt)))
      .returning();
    if (!user) return { error: "That user is already suspended or does not exist." };
    const live = await tx
      .select({ id: instances.id })
      .from(instances)
      .where(and(eq(instances.ownerId, userId), inArray(instances.status, RUNNING)));
    for (const { id } of live) {
      await enqueue(
        suspendInstance,
        { instanceId: id, reason: ACCOUNT_SUSPENDED_REASON, actorId: actor.id },
        { idempotencyKey: `account-suspend:${id}:${user.sessionVersion}` },
        tx,
      );
      await recordAudit(tx, {
        actorId: actor.id,
        action: "instance.suspend",
        targetType: "instance",
        targetId: id,
        ip: actor.ip,
        details: { reason: ACCOUNT_SUSPENDED_REASON, cause: "account", userId },
      });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.suspend",
      targetType: "user",
      targetId: userId,
      ip: actor.ip,
      details: { email: user.email, instanceIds: live.map((i) => i.id) },
    });
    return {
      success: `${user.email} is suspended and signed out; ${live.length} running instance(s) are being stopped.`,
    };
  });
}

// Only instances whose latest suspension was the account's are resumed; one suspended for non-payment stays so.
export async function unsuspendUser(db: Db, actor: Actor, userId: string): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ suspendedAt: null })
      .where(and(eq(users.id, userId), isNotNull(users.suspendedAt)))
      .returning();
    if (!user) return { error: "That user is not suspended." };
    const suspended = await tx
      .select({ id: instances.id })
      .from(instances)
      .where(and(eq(instances.ownerId, userId), eq(instances.status, "suspended")));
    const resumed: string[] = [];
    for (const { id } of suspended) {
      const [last] = await tx
        .select({ message: instanceEvents.message })
        .from(instanceEvents)
        .where(and(eq(instanceEvents.instanceId, id), eq(instanceEvents.type, "instance.suspended")))
        .orderBy(desc(instanceEvents.createdAt))
        .limit(1);
      if (!last?.message.startsWith(`Suspended: ${ACCOUNT_SUSPENDED_REASON}`)) continue;
      await enqueue(
        resumeInstance,
        { instanceId: id, reason: "Your account was reinstated.", actorId: actor.id },
        { idempotencyKey: `account-resume:${id}:${Date.now()}` },
        tx,
      );
      await recordAudit(tx, {
        actorId: actor.id,
        action: "instance.resume",
        targetType: "instance",
        targetId: id,
        ip: actor.ip,
        details: { cause: "account", userId },
      });
      resumed.push(id);
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.unsuspend",
      targetType: "user",
      targetId: userId,
      ip: actor.ip,
      details: { email: user.email, instanceIds: resumed },
    });
    return { success: `${user.email} can sign in again; ${resumed.length} instance(s) are starting.` };
  });
}

export async function sendUserPasswordReset(db: Db, actor: Actor, userId: string): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { error: "User not found." };
  if (user.suspendedAt) return { error: "Unsuspend the account first: suspended accounts get no reset link." };
  await sendResetEmail(db, user);
  await recordAudit(db, {
    actorId: actor.id,
    action: "user.password_reset_sent",
    targetType: "user",
    targetId: userId,
    ip: actor.ip,
    details: { email: user.email },
  });
  return { success: `A password-reset link was sent to ${user.email}.` };
}
