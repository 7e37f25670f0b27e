"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { PASSWORD_RULE } from "@/lib/password-rule";
import { changeEmailAction, changePasswordAction, deleteAccountAction, renameAction } from "./actions";

export function NameForm({ name }: { name: string }) {
  const [state, action] = useActionState(renameAction, {});
  return (
    <Card>
      <CardHeader title="Name" />
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <Field id="name" name="name" label="Your name" defaultValue={name} autoComplete="name" required maxLength={100} />
        <SubmitButton>Save name</SubmitButton>
      </form>
    </Card>
  );
}

export function EmailForm({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  const [state, action] = useActionState(changeEmailAction, {});
  return (
    <Card>
      <CardHeader title="Email" description={`Your email is ${email}. A new address must be confirmed from its inbox before it is used.`} />
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <Field id="new-email" name="email" type="email" label="New email" autoComplete="email" required />
        {hasPassword ? <Field id="email-password" name="password" type="password" label="Current password" autoComplete="current-password" required /> : null}
        <SubmitButton>Change email</SubmitButton>
      </form>
    </Card>
  );
}

export function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action] = useActionState(changePasswordAction, {});
  return (
    <Card>
      <CardHeader title="Password" description="Changing your password signs you out on every other device." />
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        {hasPassword ? <Field id="current-password" name="currentPassword" type="password" label="Current password" autoComplete="current-password" required /> : null}
        <Field id="new-password" name="newPassword" type="password" label="New password" autoComplete="new-password" required hint={PASSWORD_RULE} />
        <SubmitButton>Change password</SubmitButton>
      </form>
    </Card>
  );
}

export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action] = useActionState(deleteAccountAction, {});
  return (
    <Card className="border-red-200">
      <CardHeader title="Delete account" description="This deletes your account and everything in it. It cannot be undone." />
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        <Field id="confirm-email" name="confirmEmail" label={`Type ${email} to confirm`} autoComplete="off" required />
        <SubmitButton variant="danger">Delete my account</SubmitButton>
      </form>
    </Card>
  );
}
