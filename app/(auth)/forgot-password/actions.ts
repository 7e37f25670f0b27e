"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { forgotPasswordSchema, requestPasswordReset } from "@/lib/accounts/password-reset";
import { parseForm, type ActionState } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";

export async function forgotPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(forgotPasswordSchema, formData);
  if ("error" in parsed) return { error: parsed.error };
  return requestPasswordReset(db, parsed.data.email, clientIp(await headers()));
}
