"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction } from "@/lib/action";
import { currentUser } from "@/lib/session";
import { previewPaidResize, resizePaidInstance } from "@/lib/billing/resize";
import { instanceIdField, requestIdField, resizeInput, restoreInput } from "@/lib/instances/inputs";
import {
  requestBackup,
  requestRestart,
  requestRestore,
  requestTerminate,
  setInstanceKey,
} from "@/lib/instances/customer-actions";
import { instanceNameField } from "@/lib/instances/names";
import { maintenanceInput, setMaintenanceWindow } from "@/lib/instances/maintenance-setting";
import { restoreIntoCopy } from "@/lib/instances/restore-copy";
import { startCheckout } from "@/lib/billing/checkout";

const id = instanceIdField;
const done = <T>(instanceId: string, result: T) => {
  revalidatePath(`/instances/${instanceId}`, "layout");
  return result;
};

export type ResizePreview = { error: string } | { summary: string; prorated: string } | null;

// Shown as soon as a plan is picked: what the change costs a paid instance (null: no subscription, nothing to pay).
export async function previewResizeAction(instanceId: string, planId: string): Promise<ResizePreview> {
  const user = await currentUser();
  if (!user) return { error: "Please sign in again." };
  if (!id.safeParse(instanceId).success || !z.uuid().safeParse(planId).success)
    return { error: "Please choose a plan." };
  const preview = await previewPaidResize(db, user.id, instanceId, planId);
  if (!preview || "error" in preview) return preview;
  return {
    summary: `${preview.planName} costs ${preview.monthly} a month. The prorated difference for the rest of this period is ${preview.prorated}, added to your next invoice (${preview.nextTotal} in all).`,
    prorated: preview.prorated,
  };
}

// A paid instance changes only once the customer has seen the prorated cost and confirmed it.
export const resizeAction = userAction(
  resizeInput.extend({ confirmCharge: z.literal("on").optional() }),
  async (i, user) => {
    if (!i.confirmCharge) {
      const preview = await previewPaidResize(db, user.id, i.instanceId, i.planId);
      if (preview && "error" in preview) return { error: preview.error };
      if (preview)
        return { error: `Tick “Confirm the prorated charge of ${preview.prorated}” to move to ${preview.planName}.` };
    }
    return done(i.instanceId, await resizePaidInstance(db, user.id, i.instanceId, i.planId, i.requestId));
  },
);

export const maintenanceAction = userAction(maintenanceInput, async (i, user) =>
  done(i.instanceId, await setMaintenanceWindow(db, user.id, i)),
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

export const restartAction = userAction(z.object({ instanceId: id, requestId: requestIdField }), async (i, user) =>
  done(i.instanceId, await requestRestart(db, user.id, i.instanceId, i.requestId)),
);

// A new instance starting from the backup; one that must be paid for goes through Checkout like any new instance.
export const restoreCopyAction = userAction(
  z.object({ instanceId: id, backupId: z.uuid("Please choose a backup."), name: instanceNameField }),
  async (i, user) => {
    const copy = await restoreIntoCopy(db, user.id, i);
    if ("error" in copy) return copy;
    if (!copy.needsPayment) redirect(`/instances/${copy.instanceId}`);
    const checkout = await startCheckout(db, user.id, copy.instanceId);
    if ("error" in checkout) return checkout;
    redirect(checkout.url);
  },
);

export const terminateAction = userAction(
  z.object({ instanceId: id, confirmName: z.string().max(100).default("") }),
  async (i, user) => done(i.instanceId, await requestTerminate(db, user.id, i.instanceId, i.confirmName)),
);

export const keyAction = userAction(
  z.object({ instanceId: id, keyId: z.uuid("Please choose a key."), op: z.enum(["add", "remove"]) }),
  async (i, user) => done(i.instanceId, await setInstanceKey(db, user.id, i.instanceId, i.keyId, i.op === "add")),
);
