"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/db";
import { resetPassword } from "@/lib/accounts/password-reset";
import { parseForm, type ActionState } from "@/lib/action";

const resetSchema = z.object({
  token: z.string().min(1, "This form needs the link from your email."),
  password: z.string().min(1, "Please choose a new password."),
});

export async function resetPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(resetSchema, formData);
  if ("error" in parsed) return { error: parsed.error };
  const result = await resetPassword(db, parsed.data);
  if ("error" in result) return { error: result.error };
  redirect("/login?notice=reset");
}
