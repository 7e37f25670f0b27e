"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action";

// Like ActionForm, but a long message survives an error: React resets a form after every action it submits,
// so the submit is dispatched by hand and the form is cleared only once the message was accepted.
export function MessageForm({
  action,
  children,
  className,
  label,
  submit,
  pendingText = "Sending…",
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  children: React.ReactNode;
  className?: string;
  label: string;
  submit: string;
  pendingText?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.success) form.current?.reset();
  }, [state]);
  return (
    <form
      ref={form}
      action={formAction}
      className={className}
      aria-label={label}
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => formAction(data));
      }}
    >
      <div className="mb-3 empty:hidden">
        <FormMessage state={state} />
      </div>
      {children}
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? pendingText : submit}
      </Button>
    </form>
  );
}
