import { Field } from "@/components/ui/field";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

// The URL, description and event checkboxes shared by the add and edit forms.
export function EndpointFields({
  url,
  description,
  events,
}: {
  url?: string;
  description?: string;
  events?: string[];
}) {
  const chosen = new Set(events ?? []);
  return (
    <>
      <Field
        id="webhook-url"
        name="url"
        label="URL"
        type="url"
        required
        defaultValue={url}
        placeholder="https://hooks.example.com/berth"
        hint="https:// (or http://). Private, loopback and link-local addresses are refused in production, checked again at every delivery."
      />
      <Field
        id="webhook-description"
        name="description"
        label="Description"
        maxLength={200}
        defaultValue={description}
      />
      <fieldset className="sm:col-span-2">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-2 grid gap-1 text-sm sm:grid-cols-3">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2">
              <input type="checkbox" name={`event:${type}`} defaultChecked={chosen.has(type)} />
              <code className="text-xs">{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
