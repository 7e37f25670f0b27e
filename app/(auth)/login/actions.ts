"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { loginSchema } from "@/lib/accounts/login";
import { parseForm, type ActionState } from "@/lib/action";
import { safeNextPath } from "@/lib/safe-next";

export async function loginAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(loginSchema, formData);
  if ("error" in parsed) return { error: parsed.error };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNextPath(formData.get("next")) });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: error.code };
    if (error instanceof AuthError) return { error: "We couldn't sign you in. Please try again." };
    throw error; // the redirect after a successful sign-in
  }
}

export async function githubLoginAction(formData: FormData) {
  await signIn("github", { redirectTo: safeNextPath(formData.get("next")) });
}
