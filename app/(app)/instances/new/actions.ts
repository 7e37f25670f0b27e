"use server";

import { redirect } from "next/navigation";
import { db } from "@/db";
import { currentUser } from "@/lib/session";
import type { ActionState } from "@/lib/action";
import { createInstanceSchema, createTrialInstance } from "@/lib/instances/create";

export async function createInstanceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await currentUser();
  if (!user) return { error: "Please sign in again." };
  const parsed = createInstanceSchema.safeParse({
    name: formData.get("name"), planId: formData.get("planId"), stackId: formData.get("stackId"), keyIds: formData.getAll("keyIds"),
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const result = await createTrialInstance(db, user.id, parsed.data);
  if ("error" in result) return { error: result.error };
  redirect(`/instances/${result.instanceId}`);
}
