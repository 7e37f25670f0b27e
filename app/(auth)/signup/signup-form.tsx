"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, FormMessage } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { PASSWORD_RULE } from "@/lib/password-rule";
import { signupAction } from "./actions";

export function SignupForm() {
  const [state, action] = useActionState(signupAction, {});
  if (state.success) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Check your inbox</h1>
        <Alert tone="success">{state.success}</Alert>
        <p className="text-sm text-slate-600">
          If the address already has an account, we sent a reminder to log in instead. Nothing arrived? Check your spam
          folder, or{" "}
          <Link className="underline" href="/login">
            log in
          </Link>{" "}
          and ask for a new link.
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <h1 className="text-2xl font-bold">Start your free trial</h1>
      <p className="text-sm text-slate-600">One trial instance, no card needed.</p>
      <FormMessage state={state} />
      <Field id="name" name="name" label="Name" autoComplete="name" required maxLength={100} />
      <Field id="email" name="email" type="email" label="Email" autoComplete="email" required />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint={PASSWORD_RULE}
      />
      <SubmitButton className="w-full" pendingText="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium underline" href="/login">
          Log in
        </Link>
      </p>
    </form>
  );
}
