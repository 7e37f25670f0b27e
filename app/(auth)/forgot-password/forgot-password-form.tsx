"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <h1 className="text-2xl font-bold">Reset your password</h1>
      <p className="text-sm text-slate-600">
        Enter the email of your account and we&apos;ll send you a link to choose a new password.
      </p>
      <FormMessage state={state} />
      <Field id="email" name="email" type="email" label="Email" autoComplete="email" required />
      <SubmitButton className="w-full" pendingText="Sending…">
        Send reset link
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        <Link className="underline" href="/login">
          Back to log in
        </Link>
      </p>
    </form>
  );
}
