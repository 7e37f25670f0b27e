"use server";

import { z } from "zod";
import { db } from "@/db";
import { findUserById } from "@/db/queries/users";
import { resendVerification } from "@/lib/accounts/signup";
import { userAction } from "@/lib/action";

export const resendVerificationAction = userAction(z.object({}), async (_input, sessionUser) => {
  const user = await findUserById(db, sessionUser.id);
  if (!user) return { error: "Please sign in again." };
  return resendVerification(db, user);
});
