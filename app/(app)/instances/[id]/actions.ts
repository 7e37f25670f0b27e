"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
import { previewPaidResize, resizePaidInstance } from "@/lib/billing/resize";
import { instanceIdField, resizeInput, restoreInput } from "@/lib/instances/inputs";
import { requestBackup, requestRestore, requestTerminate, setInstanceKey } from "@/lib/instances/customer-actions";

const id = instanceIdField;
const done = <T>(instanceId: string, result: T) => {
  revalidatePath(`/instances/${instanceId}`);
  return result;
};

// A paid instance shows the prorated cost first and changes only once the customer confirms it.
export const resizeAction = userAction(
  resizeInput.extend({ confirmCharge: z.literal("on").optional() }),
  async (i, user) => {
    if (!i.confirmCharge) {
      const preview = await previewPaidResize(db, user.id, i.instanceId, i.planId);
      if (preview && "error" in preview) return { error: preview.error };
      if (preview) {
        return {
          error: `Moving to ${preview.planName} costs ${preview.monthly} a month; the prorated difference is ${preview.prorated}, added to your next invoice (${preview.nextTotal}). Tick “Confirm the prorated charge” and resize again to apply it.`,
        };
      }
    }
    return done(i.instanceId, await resizePaidInstance(db, user.id, i.instanceId, i.planId, i.requestId));
  },
);

export const backupAction = userAction(z.object({ instanceId: id }), async (i, user) =>
  done(i.instanceId, await requestBackup(db, user.id, i.instanceId)),
);

export const restoreAction = userAction(
  restoreInput.extend({
    confirm: z.literal("on", { error: "Tick the box to confirm that the current data will be replaced." }),
  }),
  async (i, user) => done(i.instanceId, await requestRestore(db, user.id, i.instanceId, i.backupId, i.requestId)),
);

export const terminateAction = userAction(
  z.object({ instanceId: id, confirmName: z.string().max(100).default("") }),
  async (i, user) => done(i.instanceId, await requestTerminate(db, user.id, i.instanceId, i.confirmName)),
);

export const keyAction = userAction(
  z.object({ instanceId: id, keyId: z.uuid("Please choose a key."), op: z.enum(["add", "remove"]) }),
  async (i, user) => done(i.instanceId, await setInstanceKey(db, user.id, i.instanceId, i.keyId, i.op === "add")),
);
