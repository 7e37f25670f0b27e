import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { instances } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import { recordEvent } from "./events";
import { instanceIdField } from "./inputs";
import { describeWindow, type MaintenanceWindow } from "./maintenance-window";

// The form's fields: when ("none", "daily" or a weekday 0–6) and the hour (UTC) it opens.
export const maintenanceInput = z
  .object({
    instanceId: instanceIdField,
    when: z.enum(["none", "daily", "0", "1", "2", "3", "4", "5", "6"], { error: "Please choose when." }),
    // "" is the form's "Choose an hour".
    hour: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.coerce
        .number({ error: "Please choose an hour." })
        .int("Please choose an hour.")
        .min(0, "Please choose an hour.")
        .max(23, "Please choose an hour.")
        .optional(),
    ),
  })
  .refine((i) => i.when === "none" || i.hour !== undefined, { error: "Please choose the hour the window opens." });
export type MaintenanceInput = z.infer<typeof maintenanceInput>;

export function windowOf(i: MaintenanceInput): MaintenanceWindow {
  if (i.when === "none") return { hour: null, weekday: null };
  return { hour: i.hour!, weekday: i.when === "daily" ? null : Number(i.when) };
}

// The owner sets (or removes) the instance's maintenance window; shown on its timeline. Upgrades already waiting
// follow the new window: the job applying them reads it each time.
export async function setMaintenanceWindow(db: Db, userId: string, i: MaintenanceInput): Promise<ActionResult> {
  const w = windowOf(i);
  const [row] = await db
    .update(instances)
    .set({ maintenanceHour: w.hour, maintenanceWeekday: w.weekday })
    .where(and(eq(instances.id, i.instanceId), eq(instances.ownerId, userId), ne(instances.status, "terminated")))
    .returning({ id: instances.id });
  if (!row) return { error: "Instance not found." };
  const text = describeWindow(w);
  await recordEvent(db, row.id, {
    type: "instance.maintenance_window_set",
    actorId: userId,
    message: w.hour === null ? text : `Maintenance window for upgrades: ${text}`,
    data: { ...w },
  });
  return { success: w.hour === null ? text : `Maintenance window saved: ${text}` };
}
