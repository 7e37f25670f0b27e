"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { findUserById } from "@/lib/accounts/queries";
import { resendVerification } from "@/lib/accounts/signup";
import { userAction } from "@/lib/action";

export const resendVerificationAction = userAction(z.object({}), async (_input, sessionUser) => {
  const user = await findUserById(db, sessionUser.id);
  if (!user) return { error: "Please sign in again." };
  return resendVerification(db, user);
});
