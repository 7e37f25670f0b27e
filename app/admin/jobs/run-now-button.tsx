"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { runCronNowAction } from "./actions";

export function RunNowButton({ job }: { job: string }) {
  const [state, action] = useActionState(runCronNowAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <input type="hidden" name="job" value={job} />
      <SubmitButton variant="secondary" pendingText="Queuing…">
        Run now
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
