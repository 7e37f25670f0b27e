"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { signUp, signupSchema } from "@/lib/accounts/signup";
import { parseForm, type ActionState } from "@/lib/action";
import { clientIp } from "@/lib/request-ip";

export async function signupAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(signupSchema, formData);
  if ("error" in parsed) return { error: parsed.error };
  const result = await signUp(db, parsed.data, clientIp(await headers()));
  if ("error" in result) return { error: result.error };
  return { success: `We sent a confirmation link to ${result.email}. Open it to confirm your email, then log in.` };
}
