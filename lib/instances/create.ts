import { and, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { instances, instanceSshKeys, plans, sshKeys, stacks, users, type Plan, type Stack } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { provisionInstance } from "@/jobs/contracts";
import { syncEdge } from "@/lib/edge/sync";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordEvent } from "./events";
import { instanceAllowance } from "./limit";
import { instanceNameField, instanceSlug } from "./names";
import { trialUsedBy } from "./trial-used";

export const createInstanceSchema = z.object({
  name: instanceNameField,
  planId: z.uuid("Please choose a plan."),
  stackId: z.uuid("Please choose a stack."),
  keyIds: z.array(z.uuid()).max(20, "Choose at most 20 keys.").default([]),
});
export type CreateInstanceInput = z.infer<typeof createInstanceSchema>;

export type CreateResult = { error: string } | { ok: true; instanceId: string };
type Checked = { plan: Plan; stack: Stack; keyIds: string[] };

// The rules every new instance meets, trial or paid; each refusal is a message and changes nothing.
export async function checkNewInstance(
  db: Db,
  userId: string,
  input: CreateInstanceInput,
): Promise<{ error: string } | Checked> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { error: "Please sign in again." };
  if (!user.emailVerified)
    return { error: "Confirm your email before you create an instance: look for our email, or ask for a new link." };
  if (user.suspendedAt) return { error: "Your account is suspended." };
  const [plan] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.id, input.planId), eq(plans.active, true)));
  if (!plan) return { error: "That plan is not available. Please choose another." };
  const [stack] = await db
    .select()
    .from(stacks)
    .where(and(eq(stacks.id, input.stackId), eq(stacks.active, true)));
  if (!stack) return { error: "That stack is not available. Please choose another." };
  const allowance = await instanceAllowance(db, userId);
  if (allowance.used >= allowance.limit)
    return { error: `You have reached the limit of ${allowance.limit} instances per account.` };
  const [taken] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.ownerId, userId), eq(instances.name, input.name), ne(instances.status, "terminated")));
  if (taken) return { error: `You already have an instance named “${input.name}”.` };
  const keyIds = [...new Set(input.keyIds)];
  if (keyIds.length) {
    const owned = await db
      .select({ id: sshKeys.id })
      .from(sshKeys)
      .where(and(eq(sshKeys.userId, userId), inArray(sshKeys.id, keyIds)));
    if (owned.length !== keyIds.length)
      return { error: "One of the chosen SSH keys is not yours. Please reload the page." };
  }
  return { plan, stack, keyIds };
}

// Inserts the instance with its keys and first event; `then` runs in the same transaction (e.g. enqueue its job).
export async function insertInstance(
  db: Db,
  p: Checked & {
    userId: string;
    name: string;
    status: "provisioning" | "pending_payment";
    isTrial: boolean;
    message: string;
    restoreFromBackupId?: string;
    then?: (tx: Db, id: string) => Promise<unknown>;
  },
): Promise<CreateResult> {
  try {
    const instanceId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(instances)
        .values({
          ownerId: p.userId,
          name: p.name,
          slug: instanceSlug(p.name),
          planId: p.plan.id,
          stackId: p.stack.id,
          status: p.status,
          desiredState: "running",
          isTrial: p.isTrial,
          restoreFromBackupId: p.restoreFromBackupId,
        })
        .returning({ id: instances.id });
      if (p.keyIds.length)
        await tx.insert(instanceSshKeys).values(p.keyIds.map((sshKeyId) => ({ instanceId: row!.id, sshKeyId })));
      await recordEvent(tx, row!.id, { type: "instance.created", actorId: p.userId, message: p.message });
      await p.then?.(tx, row!.id);
      return row!.id;
    });
    // Its address answers Berth's page for its status (starting, waiting for payment) from now on, not a 404 until
    // a container runs. Should the edge be down, the reconciler loads the route later.
    await syncEdge(db).catch(() => {});
    return { ok: true, instanceId };
  } catch (error) {
    // The unique indexes are the last word when two requests race past the checks.
    if (isUniqueViolation(error))
      return { error: "You have already used your free trial, or that name is taken. Please reload the page." };
    throw error;
  }
}

// A verified customer's trial instance, created as `provisioning` with its provision job in the same transaction.
export async function createTrialInstance(
  db: Db,
  userId: string,
  input: CreateInstanceInput,
  copy?: { restoreFromBackupId: string; message: string },
): Promise<CreateResult> {
  const checked = await checkNewInstance(db, userId, input);
  if ("error" in checked) return checked;
  const { plan, stack } = checked;
  if (plan.trialDays <= 0) return { error: `The ${plan.name} plan has no free trial. Choose a plan with a trial.` };
  if (await trialUsedBy(db, userId))
    return { error: "You have already used your free trial: each account gets one trial instance." };
  return insertInstance(db, {
    ...checked,
    userId,
    name: input.name,
    status: "provisioning",
    isTrial: true,
    message: `Created on the ${plan.name} plan with the ${stack.name} stack (free trial: ${plan.trialDays} days from when it is ready).${copy ? ` ${copy.message}` : ""}`,
    restoreFromBackupId: copy?.restoreFromBackupId,
    then: (tx, id) => enqueue(provisionInstance, { instanceId: id }, { idempotencyKey: `provision:${id}` }, tx),
  });
}
