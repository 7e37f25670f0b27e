"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction, type ActionResult } from "@/lib/action";
import { db } from "@/lib/db";
import {
  createEndpoint,
  deleteEndpoint,
  deliveryRefSchema,
  enableEndpoint,
  endpointRefSchema,
  resendDelivery,
  rotateSecret,
  updateEndpoint,
} from "@/lib/webhooks/endpoints";
import { actorOf } from "../_components/actor";

// Each event is a checkbox named `event:<type>`; FormData's other entries are the URL and the description.
const endpointForm = z
  .looseObject({ url: z.string().default(""), description: z.string().default("") })
  .transform((f) => ({
    url: f.url,
    description: f.description,
    events: Object.keys(f)
      .filter((k) => k.startsWith("event:"))
      .map((k) => k.slice("event:".length)),
  }));

// Only the message goes back to the browser (the new secret is in it, once), not the rest of the result.
const shown = (r: ActionResult) => ("error" in r ? { error: r.error } : { success: r.success });

export const createEndpointAction = staffAction(endpointForm, async (input, user) => {
  const result = await createEndpoint(db, await actorOf(user), input);
  revalidatePath("/admin/webhooks");
  return shown(result);
});

export const updateEndpointAction = staffAction(
  z.intersection(endpointRefSchema.loose(), endpointForm),
  async (input, user) => {
    const result = await updateEndpoint(db, await actorOf(user), input.endpointId, input);
    revalidatePath(`/admin/webhooks/${input.endpointId}`);
    return result;
  },
);

export const rotateSecretAction = staffAction(endpointRefSchema, async ({ endpointId }, user) => {
  return shown(await rotateSecret(db, await actorOf(user), endpointId));
});

export const enableEndpointAction = staffAction(endpointRefSchema, async ({ endpointId }, user) => {
  const result = await enableEndpoint(db, await actorOf(user), endpointId);
  revalidatePath(`/admin/webhooks/${endpointId}`);
  return result;
});

export const deleteEndpointAction = staffAction(endpointRefSchema, async ({ endpointId }, user) => {
  const result = await deleteEndpoint(db, await actorOf(user), endpointId);
  revalidatePath("/admin/webhooks");
  return result;
});

export const resendDeliveryAction = staffAction(
  deliveryRefSchema.extend({ endpointId: z.uuid() }),
  async ({ deliveryId, endpointId }, user) => {
    const result = await resendDelivery(db, await actorOf(user), deliveryId);
    revalidatePath(`/admin/webhooks/${endpointId}`);
    return result;
  },
);
