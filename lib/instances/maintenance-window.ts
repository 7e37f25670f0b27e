// A customer's maintenance window for fleet upgrades: two hours from `hour` (UTC), every day or on one weekday
// (0 = Sunday). No window (hour null) means upgrades apply as soon as they roll out.
export type MaintenanceWindow = { hour: number | null; weekday: number | null };

export const WINDOW_HOURS = 2;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

// Where `at` falls in the window's period (a day, or a week from Sunday 00:00 UTC), and where the window starts in it.
function position(w: { hour: number; weekday: number | null }, at: Date) {
  if (w.weekday === null) return { period: DAY, offset: at.getTime() % DAY, start: w.hour * HOUR };
  // 1970-01-01 was a Thursday: four days later in the week than Sunday.
  return { period: WEEK, offset: (at.getTime() + 4 * DAY) % WEEK, start: w.weekday * DAY + w.hour * HOUR };
}

export function windowOpen(w: MaintenanceWindow, at: Date): boolean {
  if (w.hour === null) return true;
  const { period, offset, start } = position({ hour: w.hour, weekday: w.weekday }, at);
  return (offset - start + period) % period < WINDOW_HOURS * HOUR;
}

// When the window next opens: `at` itself while it is open.
export function nextWindowStart(w: MaintenanceWindow, at: Date): Date {
  if (w.hour === null || windowOpen(w, at)) return at;
  const { period, offset, start } = position({ hour: w.hour, weekday: w.weekday }, at);
  return new Date(at.getTime() + ((start - offset + period) % period));
}

const clock = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

export function describeWindow(w: MaintenanceWindow): string {
  if (w.hour === null) return "No maintenance window: upgrades are applied as soon as they roll out.";
  const span = `${clock(w.hour)}–${clock((w.hour + WINDOW_HOURS) % 24)} UTC`;
  return w.weekday === null ? `Every day, ${span}.` : `${WEEKDAYS[w.weekday]}s, ${span}.`;
}

// "Sunday 3 January, 03:00 UTC"
export function formatWindowStart(at: Date): string {
  const day = at.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  return `${day.replace(",", "")}, ${clock(at.getUTCHours())} UTC`;
}
