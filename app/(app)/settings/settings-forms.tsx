"use client";

import { useActionState } from "react";
import { LatestFormMessage } from "@/components/ui/latest-message";
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
        <LatestFormMessage state={state} />
        <Field
          id="name"
          name="name"
          label="Your name"
          defaultValue={name}
          autoComplete="name"
          required
          maxLength={100}
        />
        <SubmitButton>Save name</SubmitButton>
      </form>
    </Card>
  );
}

export function EmailForm({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  const [state, action] = useActionState(changeEmailAction, {});
  return (
    <Card>
      <CardHeader
        title="Email"
        description={`Your email is ${email}. A new address must be confirmed from its inbox before it is used.`}
      />
      <form action={action} className="space-y-4">
        <LatestFormMessage state={state} />
        <Field id="new-email" name="email" type="email" label="New email" autoComplete="email" required />
        {hasPassword ? (
          <Field
            id="email-password"
            name="password"
            type="password"
            label="Current password"
            autoComplete="current-password"
            required
          />
        ) : null}
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
        <LatestFormMessage state={state} />
        {hasPassword ? (
          <Field
            id="current-password"
            name="currentPassword"
            type="password"
            label="Current password"
            autoComplete="current-password"
            required
          />
        ) : null}
        <Field
          id="new-password"
          name="newPassword"
          type="password"
          label="New password"
          autoComplete="new-password"
          required
          hint={PASSWORD_RULE}
        />
        <SubmitButton>Change password</SubmitButton>
      </form>
    </Card>
  );
}

type DeletionProps = { email: string; instanceNames: string[]; paid: number; retentionDays: number };

export function DeleteAccountForm({ email, instanceNames, paid, retentionDays }: DeletionProps) {
  const [state, action] = useActionState(deleteAccountAction, {});
  return (
    <Card className="border-red-200">
      <CardHeader
        title="Delete account"
        description="This deletes your account and everything in it. It cannot be undone."
      />
      <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-700" aria-label="What deleting your account does">
        <li>
          {paid > 0
            ? `Your ${paid} paid subscription${paid === 1 ? " ends" : "s end"} at once`
            : "Any subscription ends at once"}
          : you are not billed again, and the rest of the current period is not refunded.
        </li>
        <li>
          {instanceNames.length > 0
            ? `Your instances (${instanceNames.join(", ")}) are terminated`
            : "Any instance is terminated"}
          ; the final backup of each is kept for {retentionDays} days, then deleted for good.
        </li>
        <li>Your invoices are kept for as long as the law requires. We email you once it is done.</li>
      </ul>
      <form action={action} className="space-y-4">
        <LatestFormMessage state={state} />
        <Field id="confirm-email" name="confirmEmail" label={`Type ${email} to confirm`} autoComplete="off" required />
        <SubmitButton variant="danger">Delete my account</SubmitButton>
      </form>
    </Card>
  );
}
