"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db";
import { endOtherUserSessions, endUserSession } from "@/lib/accounts/session-queries";
import { userAction } from "@/lib/action";

const endSessionSchema = z.object({ sessionId: z.uuid("That session could not be found.") });

export const endSessionAction = userAction(endSessionSchema, async ({ sessionId }, user) => {
  if (sessionId === user.sessionId) return { error: "This is the session you are using: log out to end it." };
  if (!(await endUserSession(db, { userId: user.id, sessionId }))) return { error: "That session has already ended." };
  revalidatePath("/settings");
  return { success: "The session was ended. That device is signed out on its next request." };
});

export const endOtherSessionsAction = userAction(z.object({}), async (_input, user) => {
  await endOtherUserSessions(db, { userId: user.id, keepSessionId: user.sessionId });
  revalidatePath("/settings");
  return { success: "Every other session was ended." };
});
