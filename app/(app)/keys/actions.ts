"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { type ActionState, userAction } from "@/lib/action";
import { addKeySchema, addSshKey } from "@/lib/keys/add-key";
import { deleteKeySchema, deleteSshKey } from "@/lib/keys/delete-key";

type AddKeyState = ActionState & { leakedPrivateKey?: boolean };

// userAction hands the result back as it is, so the form also learns that a private key was pasted.
export const addKeyAction: (prev: AddKeyState, formData: FormData) => Promise<AddKeyState> = userAction(
  addKeySchema,
  async (input, user) => {
    const result = await addSshKey(db, user.id, input);
    revalidatePath("/keys");
    return result;
  },
);

export const deleteKeyAction = userAction(deleteKeySchema, async ({ keyId }, user) => {
  const result = await deleteSshKey(db, user.id, keyId);
  revalidatePath("/keys");
  return result;
});
