import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { instances } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { resumeInstance, suspendInstance, terminateInstance } from "@/jobs/contracts";
import { refusal, type InstanceAction } from "@/lib/instances/actions-allowed";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "./audit";

export type InstanceCommand = "suspend" | "resume" | "terminate";

export const STAFF_ACTION = {
  suspend: "staffSuspend",
  resume: "staffResume",
  terminate: "staffTerminate",
} as const satisfies Record<InstanceCommand, InstanceAction>;

// Staff commands on any instance: each enqueues its job and writes the audit entry in one transaction.
export async function commandInstance(
  db: Db,
  actor: Actor,
  p: { instanceId: string; command: InstanceCommand; reason: string; confirmName?: string },
): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const [instance] = await db.select().from(instances).where(eq(instances.id, p.instanceId));
  if (!instance) return { error: "Instance not found." };
  const refused = refusal(STAFF_ACTION[p.command], instance);
  if (refused) return { error: refused };
  if (p.command === "terminate" && p.confirmName?.trim() !== instance.name)
    return { error: `Type the instance's name, ${instance.name}, to confirm.` };
  const payload = { instanceId: instance.id, reason: p.reason, actorId: actor.id };
  const key = `admin-${p.command}:${instance.id}:${instance.statusChangedAt.getTime()}`;
  await db.transaction(async (tx) => {
    if (p.command === "suspend") await enqueue(suspendInstance, payload, { idempotencyKey: key }, tx);
    else if (p.command === "resume") await enqueue(resumeInstance, payload, { idempotencyKey: key }, tx);
    else await enqueue(terminateInstance, payload, { idempotencyKey: key }, tx);
    await recordAudit(tx, {
      actorId: actor.id,
      action: `instance.${p.command}`,
      targetType: "instance",
      targetId: instance.id,
      ip: actor.ip,
      details: { reason: p.reason, name: instance.name, from: instance.status },
    });
  });
  const verb = { suspend: "Suspending", resume: "Resuming", terminate: "Terminating" }[p.command];
  return { success: `${verb} ${instance.name}.` };
}
