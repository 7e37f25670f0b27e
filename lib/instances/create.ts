import { and, count, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { instances, instanceSshKeys, plans, sshKeys, stacks, users } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { provisionInstance } from "@/jobs/provision-instance";
import { env } from "@/lib/env";
import { recordEvent } from "./events";
import { instanceNameField, instanceSlug } from "./names";

export const createInstanceSchema = z.object({
  name: instanceNameField,
  planId: z.uuid("Please choose a plan."),
  stackId: z.uuid("Please choose a stack."),
  keyIds: z.array(z.uuid()).max(20, "Choose at most 20 keys.").default([]),
});
export type CreateInstanceInput = z.infer<typeof createInstanceSchema>;

export type CreateResult = { error: string } | { ok: true; instanceId: string };

// A verified customer's trial instance: checked against every rule, then created as `provisioning` with its
// provision job enqueued in the same transaction, so there is never one without the other.
export async function createTrialInstance(db: Db, userId: string, input: CreateInstanceInput): Promise<CreateResult> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { error: "Please sign in again." };
  if (!user.emailVerified) return { error: "Confirm your email before you create an instance: look for our email, or ask for a new link." };
  if (user.suspendedAt) return { error: "Your account is suspended." };

  const [plan] = await db.select().from(plans).where(and(eq(plans.id, input.planId), eq(plans.active, true)));
  if (!plan) return { error: "That plan is not available. Please choose another." };
  if (plan.trialDays <= 0) return { error: `The ${plan.name} plan has no free trial. Choose a plan with a trial.` };
  const [stack] = await db.select().from(stacks).where(and(eq(stacks.id, input.stackId), eq(stacks.active, true)));
  if (!stack) return { error: "That stack is not available. Please choose another." };

  const [trial] = await db.select({ id: instances.id }).from(instances).where(and(eq(instances.ownerId, userId), eq(instances.isTrial, true)));
  if (trial) return { error: "You have already used your free trial: each account gets one trial instance." };
  const [live] = await db.select({ value: count() }).from(instances).where(and(eq(instances.ownerId, userId), ne(instances.status, "terminated")));
  if (live!.value >= env.MAX_INSTANCES_PER_ACCOUNT) return { error: `You have reached the limit of ${env.MAX_INSTANCES_PER_ACCOUNT} instances per account.` };
  const [taken] = await db.select({ id: instances.id }).from(instances)
    .where(and(eq(instances.ownerId, userId), eq(instances.name, input.name), ne(instances.status, "terminated")));
  if (taken) return { error: `You already have an instance named “${input.name}”.` };
  const keyIds = [...new Set(input.keyIds)];
  if (keyIds.length) {
    const owned = await db.select({ id: sshKeys.id }).from(sshKeys).where(and(eq(sshKeys.userId, userId), inArray(sshKeys.id, keyIds)));
    if (owned.length !== keyIds.length) return { error: "One of the chosen SSH keys is not yours. Please reload the page." };
  }

  try {
    const instanceId = await db.transaction(async (tx) => {
      const [row] = await tx.insert(instances).values({
        ownerId: userId, name: input.name, slug: instanceSlug(input.name), planId: plan.id, stackId: stack.id,
        status: "provisioning", desiredState: "running", isTrial: true,
      }).returning({ id: instances.id });
      if (keyIds.length) await tx.insert(instanceSshKeys).values(keyIds.map((sshKeyId) => ({ instanceId: row!.id, sshKeyId })));
      await recordEvent(tx, row!.id, {
        type: "instance.created", actorId: userId,
        message: `Created on the ${plan.name} plan with the ${stack.name} stack (free trial: ${plan.trialDays} days from when it is ready).`,
      });
      await enqueue(provisionInstance, { instanceId: row!.id }, { idempotencyKey: `provision:${row!.id}` }, tx);
      return row!.id;
    });
    return { ok: true, instanceId };
  } catch (error) {
    // The unique indexes are the last word when two requests race past the checks above.
    if (isUniqueViolation(error)) return { error: "You have already used your free trial, or that name is taken. Please reload the page." };
    throw error;
  }
}

function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === "23505" || e.cause?.code === "23505";
}
