"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { userAction, type ActionState } from "@/lib/action";
import { createApiToken, createTokenSchema, revokeApiToken } from "@/lib/api/tokens";

export type CreateTokenState = ActionState & { token?: string; name?: string };

// The secret goes back to this one answer only: the database keeps its hash.
export const createTokenAction: (prev: CreateTokenState, formData: FormData) => Promise<CreateTokenState> = userAction(
  createTokenSchema,
  async (input, user) => {
    const created = await createApiToken(db, user.id, input);
    if ("error" in created) return { error: created.error };
    revalidatePath("/settings/api-tokens");
    return {
      success: `Token “${created.row.name}” created. Copy it now: it is not shown again.`,
      token: created.token,
      name: created.row.name,
    };
  },
);

export const revokeTokenAction = userAction(
  z.object({ tokenId: z.uuid("Token not found.") }),
  async ({ tokenId }, user) => {
    const result = await revokeApiToken(db, user.id, tokenId);
    revalidatePath("/settings/api-tokens");
    return result;
  },
);
