"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { deleteCatalogItem, savePlan, saveStack, setCatalogActive } from "@/lib/admin/catalog";
import { planSchema, stackSchema } from "@/lib/admin/catalog-schemas";
import { rollOutStack } from "@/lib/admin/upgrades";
import { actorOf } from "../_components/actor";

// The catalog also feeds the pricing page and the new-instance form.
function revalidateCatalog() {
  revalidatePath("/admin/catalog", "layout");
  revalidatePath("/pricing");
}

export const savePlanAction = staffAction(planSchema, async (input, user) => {
  const result = await savePlan(db, await actorOf(user), input);
  revalidateCatalog();
  return result;
});

export const saveStackAction = staffAction(stackSchema, async (input, user) => {
  const result = await saveStack(db, await actorOf(user), input);
  revalidateCatalog();
  return result;
});

const itemSchema = z.object({ kind: z.enum(["plan", "stack"]), id: z.uuid("Unknown item.") });

export const setCatalogActiveAction = staffAction(
  itemSchema.extend({ active: z.enum(["true", "false"]) }),
  async ({ kind, id, active }, user) => {
    const result = await setCatalogActive(db, await actorOf(user), { kind, id, active: active === "true" });
    revalidateCatalog();
    return result;
  },
);

export const deleteCatalogItemAction = staffAction(itemSchema, async (input, user) => {
  const result = await deleteCatalogItem(db, await actorOf(user), input);
  revalidateCatalog();
  return result;
});

export const rollOutStackAction = staffAction(z.object({ stackId: z.uuid("Unknown stack.") }), async (input, user) => {
  const result = await rollOutStack(db, await actorOf(user), input);
  revalidatePath("/admin/catalog");
  return result;
});
