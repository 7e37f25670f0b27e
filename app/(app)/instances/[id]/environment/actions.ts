"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/action";
import { db } from "@/lib/db";
import { setVariable, unsetVariable } from "@/lib/deploys/environment";
import { instanceIdField } from "@/lib/instances/inputs";

const done = <T>(instanceId: string, result: T) => {
  revalidatePath(`/instances/${instanceId}/environment`);
  return result;
};

// Set or replace one variable: its value is written, never shown again. Owner-scoped in setVariable().
export const setVariableAction = userAction(
  z.object({ instanceId: instanceIdField, name: z.string().max(200), value: z.string() }),
  async (i, user) => done(i.instanceId, await setVariable(db, user.id, i.instanceId, { name: i.name, value: i.value })),
);

export const deleteVariableAction = userAction(
  z.object({ instanceId: instanceIdField, name: z.string().min(1).max(200) }),
  async (i, user) => done(i.instanceId, await unsetVariable(db, user.id, i.instanceId, i.name)),
);
