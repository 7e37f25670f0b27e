import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/pg-errors";
import { instances, plans, stacks, subscriptions } from "@/db/schema";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "./audit";
import type { PlanInput, StackInput } from "./catalog-schemas";

type Kind = "plan" | "stack";
const table = { plan: plans, stack: stacks } as const;

export async function savePlan(db: Db, actor: Actor, { id, ...values }: PlanInput): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  try {
    const [row] = id
      ? await db.update(plans).set(values).where(eq(plans.id, id)).returning()
      : await db.insert(plans).values(values).returning();
    if (!row) return { error: "Plan not found." };
    await recordAudit(db, {
      actorId: actor.id,
      action: id ? "plan.update" : "plan.create",
      targetType: "plan",
      targetId: row.id,
      ip: actor.ip,
      details: values,
    });
    return { success: `Plan ${row.name} saved.` };
  } catch (error) {
    if (isUniqueViolation(error)) return { error: "Another plan already uses that slug or Stripe lookup key." };
    throw error;
  }
}

export async function saveStack(db: Db, actor: Actor, { id, ...values }: StackInput): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  try {
    const [row] = id
      ? await db.update(stacks).set(values).where(eq(stacks.id, id)).returning()
      : await db.insert(stacks).values(values).returning();
    if (!row) return { error: "Stack not found." };
    await recordAudit(db, {
      actorId: actor.id,
      action: id ? "stack.update" : "stack.create",
      targetType: "stack",
      targetId: row.id,
      ip: actor.ip,
      details: values,
    });
    return { success: `Stack ${row.name} saved.` };
  } catch (error) {
    if (isUniqueViolation(error)) return { error: "Another stack already uses that slug." };
    throw error;
  }
}

async function usage(db: Db, kind: Kind, id: string) {
  const col = kind === "plan" ? instances.planId : instances.stackId;
  const [row] = await db
    .select({
      live: sql<number>`count(*) filter (where ${instances.status} <> 'terminated')::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(instances)
    .where(eq(col, id));
  const [sub] =
    kind === "plan"
      ? await db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.planId, id)).limit(1)
      : [];
  return { live: row?.live ?? 0, referenced: (row?.all ?? 0) > 0 || Boolean(sub) };
}

// Retired items stay for the instances on them but are no longer offered to customers.
export async function setCatalogActive(
  db: Db,
  actor: Actor,
  p: { kind: Kind; id: string; active: boolean },
): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const t = table[p.kind];
  const [row] = await db
    .update(t)
    .set({ active: p.active })
    .where(and(eq(t.id, p.id), ne(t.active, p.active)))
    .returning({ name: t.name });
  if (!row) return { error: `That ${p.kind} is not found or already ${p.active ? "active" : "retired"}.` };
  await recordAudit(db, {
    actorId: actor.id,
    action: `${p.kind}.${p.active ? "reactivate" : "retire"}`,
    targetType: p.kind,
    targetId: p.id,
    ip: actor.ip,
    details: { name: row.name },
  });
  return {
    success: `${row.name} is ${p.active ? "offered again" : "retired: existing instances keep it, new ones cannot pick it"}.`,
  };
}

export async function deleteCatalogItem(db: Db, actor: Actor, p: { kind: Kind; id: string }): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const used = await usage(db, p.kind, p.id);
  if (used.live > 0)
    return { error: `${used.live} instance(s) run on this ${p.kind}: retire it instead of deleting it.` };
  if (used.referenced)
    return {
      error: `Terminated instances or subscriptions still refer to this ${p.kind}: retire it instead of deleting it.`,
    };
  const t = table[p.kind];
  // An instance created since the check above makes the foreign key refuse the delete.
  const row = await db
    .delete(t)
    .where(eq(t.id, p.id))
    .returning({ name: t.name })
    .then(
      (r) => r[0],
      (error: unknown) => {
        if (isForeignKeyViolation(error)) return "in-use" as const;
        throw error;
      },
    );
  if (row === "in-use") return { error: `Something now refers to this ${p.kind}: retire it instead of deleting it.` };
  if (!row) return { error: `That ${p.kind} is not found.` };
  await recordAudit(db, {
    actorId: actor.id,
    action: `${p.kind}.delete`,
    targetType: p.kind,
    targetId: p.id,
    ip: actor.ip,
    details: { name: row.name },
  });
  return { success: `${row.name} was deleted.` };
}
