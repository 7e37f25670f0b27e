"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import { FormMessage } from "./alert";

// A form bound to a server action, showing the action's answer above its fields.
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  children: React.ReactNode;
  className?: string;
  label?: string;
}) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-label={label}>
      <div className="mb-3 empty:hidden">
        <FormMessage state={state} />
      </div>
      {children}
    </form>
  );
}
