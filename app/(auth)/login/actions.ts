"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { loginSchema } from "@/lib/accounts/login";
import { parseForm, type ActionState } from "@/lib/action";
import { safeNextPath } from "@/lib/safe-next";

// The email comes back with an error so the form shows it again (React resets a form after its action); the password never does.
export type LoginState = ActionState & { email?: string };

export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = parseForm(loginSchema, formData);
  if ("error" in parsed) return { error: parsed.error, email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNextPath(formData.get("next")) });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: error.code, email };
    if (error instanceof AuthError) return { error: "We couldn't sign you in. Please try again.", email };
    throw error; // the redirect after a successful sign-in
  }
}

export async function githubLoginAction(formData: FormData) {
  await signIn("github", { redirectTo: safeNextPath(formData.get("next")) });
}
