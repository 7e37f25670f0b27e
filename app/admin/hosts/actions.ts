"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { staffAction } from "@/lib/action";
import { addHost, addHostSchema, setHostStatus } from "@/lib/admin/hosts";
import { actorOf } from "../_components/actor";

export const addHostAction = staffAction(addHostSchema, async (input, user) => {
  const result = await addHost(db, await actorOf(user), input);
  revalidatePath("/admin/hosts");
  return result;
});

const statusSchema = z.object({ hostId: z.uuid("Unknown host."), status: z.enum(["active", "draining"]) });

export const setHostStatusAction = staffAction(statusSchema, async (input, user) => {
  const result = await setHostStatus(db, await actorOf(user), input);
  revalidatePath("/admin/hosts");
  return result;
});
