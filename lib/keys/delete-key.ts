import { z } from "zod";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { deleteUserKey, findKeyUsage, lockUserKey } from "@/lib/keys/queries";
import { recordEvent } from "@/lib/instances/events";

export const deleteKeySchema = z.object({ keyId: z.uuid("That key was not found. Please reload the page.") });

// Deleting a key takes it off every instance that uses it (the links cascade); each of them records why in its timeline.
export async function deleteSshKey(db: Db, userId: string, keyId: string): Promise<ActionResult> {
  return db.transaction(async (tx) => {
    const key = await lockUserKey(tx, userId, keyId);
    if (!key) return { error: "That key was not found. It may have been deleted already." };
    const usage = await findKeyUsage(tx, userId, [key.id]);
    await deleteUserKey(tx, userId, key.id);
    for (const { instanceId } of usage) {
      await recordEvent(tx, instanceId, {
        type: "key.removed",
        message: `SSH key “${key.name}” (${key.fingerprint}) removed`,
        data: { keyId: key.id, name: key.name, fingerprint: key.fingerprint },
        actorId: userId,
      });
    }
    const from = usage.length ? ` It was removed from ${usage.map((u) => u.instanceName).join(", ")}.` : "";
    return { success: `Key “${key.name}” deleted.${from}` };
  });
}
