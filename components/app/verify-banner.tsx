"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { resendVerificationAction } from "./verify-banner-action";

export function VerifyBanner({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resendVerificationAction, {});
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50">
      <form
        action={action}
        className="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-3 text-sm text-amber-900"
      >
        <p className="flex-1">
          Confirm your email ({email}) to start your free trial instance. Look for our email with the link.
          {state.error ? <span className="ml-1 font-medium">{state.error}</span> : null}
          {state.success ? <span className="ml-1 font-medium">{state.success}</span> : null}
        </p>
        <Button type="submit" variant="secondary" disabled={pending}>
          Resend the link
        </Button>
      </form>
    </div>
  );
}
