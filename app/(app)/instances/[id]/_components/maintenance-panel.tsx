"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { maintenanceAction } from "../actions";

const WEEKDAYS = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];
const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;

// When Berth may upgrade the instance's stack: at once (the default), or in a two-hour window each day or week.
// Controlled, so a refusal does not put the fields back.
export function MaintenancePanel({
  instanceId,
  description,
  when: savedWhen,
  hour: savedHour,
}: {
  instanceId: string;
  description: string;
  when: string;
  hour: number | null;
}) {
  const [state, action] = useActionState(maintenanceAction, {});
  const [when, setWhen] = useState(savedWhen);
  const [at, setAt] = useState(savedHour === null ? "" : String(savedHour));
  return (
    <Card>
      <CardHeader title="Maintenance window" description={description} />
      <form action={action} className="space-y-3" aria-label="Maintenance window">
        <FormMessage state={state} />
        <input type="hidden" name="instanceId" value={instanceId} />
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="maintenance-when" className="block text-sm font-medium">
              Apply upgrades
            </label>
            <select
              id="maintenance-when"
              name="when"
              className={inputClass}
              value={when}
              onChange={(e) => setWhen(e.target.value)}
            >
              <option value="none">As soon as they roll out</option>
              <option value="daily">Every day</option>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={String(i)}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          {when === "none" ? null : (
            <div className="space-y-1">
              <label htmlFor="maintenance-hour" className="block text-sm font-medium">
                From (UTC, for two hours)
              </label>
              <select
                id="maintenance-hour"
                name="hour"
                className={inputClass}
                value={at}
                onChange={(e) => setAt(e.target.value)}
              >
                <option value="">Choose an hour</option>
                {Array.from({ length: 24 }, (_, h) => (
                  <option key={h} value={String(h)}>
                    {hour(h)}–{hour((h + 2) % 24)}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <SubmitButton variant="secondary">Save window</SubmitButton>
      </form>
    </Card>
  );
}
