"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction, type ActionState } from "@/lib/action";
import { currentUser } from "@/lib/session";
import { addCustomDomain, removeCustomDomain } from "@/lib/domains/queries";
import { checkDomain } from "@/lib/domains/verify";
import { instanceIdField } from "@/lib/instances/inputs";

// What was typed comes back with an error, so the form shows it again: React resets a form after its action.
export type AddDomainState = ActionState & { values?: { name: string } };

const done = <T>(instanceId: string, result: T) => {
  revalidatePath(`/instances/${instanceId}/domains`);
  return result;
};

export async function addDomainAction(_prev: AddDomainState, formData: FormData): Promise<AddDomainState> {
  const values = { name: String(formData.get("name") ?? "").slice(0, 300) };
  const instanceId = instanceIdField.safeParse(formData.get("instanceId"));
  const user = await currentUser();
  if (!user) return { error: "Please sign in again.", values };
  if (!instanceId.success) return { error: "Instance not found.", values };
  const added = await addCustomDomain(db, { ownerId: user.id, instanceId: instanceId.data, name: values.name });
  if ("error" in added) return { error: added.error, values };
  return done(instanceId.data, { success: `${added.domain.name} was added: create the records below.` });
}

const domainInput = z.object({ instanceId: instanceIdField, domainId: z.uuid("Domain not found.") });

export const checkDomainAction = userAction(domainInput, async (i, user) => {
  const result = await checkDomain(db, { ownerId: user.id, domainId: i.domainId });
  if ("error" in result) return { error: result.error };
  if (result.verified) return done(i.instanceId, { success: "Verified: the records are in place." });
  return done(i.instanceId, { error: `Not yet: ${result.problems.join(" ")}` });
});

export const removeDomainAction = userAction(domainInput, async (i, user) =>
  done(i.instanceId, await removeCustomDomain(db, { ownerId: user.id, domainId: i.domainId })),
);
