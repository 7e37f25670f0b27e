import { inputClass } from "@/components/ui/field";
import { BODY_MAX } from "@/lib/support/schemas";

// The message textarea shared by every ticket form; plain text, links are made clickable when shown.
export function MessageField({
  id = "body",
  label = "Message",
  rows = 6,
}: {
  id?: string;
  label?: string;
  rows?: number;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        required
        maxLength={BODY_MAX}
        rows={rows}
        className={inputClass}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Plain text, up to {BODY_MAX.toLocaleString("en-US")} characters. Links become clickable.
      </p>
    </div>
  );
}
