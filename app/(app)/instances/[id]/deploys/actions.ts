"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/action";
import { db } from "@/lib/db";
import { rollBack } from "@/lib/deploys/rollback";
import { instanceIdField } from "@/lib/instances/inputs";

// "Roll back" on the Deploys page: owner-scoped in rollBack(), which also writes the timeline.
export const rollBackAction = userAction(
  z.object({ instanceId: instanceIdField, releaseId: z.uuid("Choose a release.") }),
  async (i, user) => {
    const result = await rollBack(db, user.id, i.instanceId, i.releaseId);
    if ("error" in result) return { error: result.error };
    revalidatePath(`/instances/${i.instanceId}/deploys`);
    return { success: `Rolling back as release v${result.number}: it takes traffic once it answers.` };
  },
);
