"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { commandInstance } from "@/lib/admin/instances";
import { actorOf } from "../../_components/actor";

const commandSchema = z.object({
  instanceId: z.uuid("Unknown instance."),
  command: z.enum(["suspend", "resume", "terminate"]),
  reason: z.string().trim().min(3, "Give a reason: it is shown on the customer's timeline.").max(300),
  confirmName: z.string().optional(),
});

export const instanceCommandAction = staffAction(commandSchema, async (input, user) => {
  const result = await commandInstance(db, await actorOf(user), input);
  revalidatePath(`/admin/instances/${input.instanceId}`);
  return result;
});
