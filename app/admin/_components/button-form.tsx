import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/action";

// A one-button staff action with its hidden fields; the action's answer shows above the button.
export function ButtonForm({
  action,
  fields,
  label,
  variant = "secondary",
  pendingText,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  pendingText?: string;
}) {
  return (
    <ActionForm action={action} label={label}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} pendingText={pendingText}>
        {label}
      </SubmitButton>
    </ActionForm>
  );
}
