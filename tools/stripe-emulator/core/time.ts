import type { Interval } from "./records";

// Billing periods advance by calendar interval from the billing cycle anchor, clamping to the
// end of shorter months. https://docs.stripe.com/billing/subscriptions/billing-cycle
export function addInterval(from: number, interval: Interval, count: number, anchor = from): number {
  if (interval === "day") return from + count * 86400;
  if (interval === "week") return from + count * 7 * 86400;
  const d = new Date(from * 1000);
  const anchorDay = new Date(anchor * 1000).getUTCDate();
  const months = interval === "month" ? count : count * 12;
  const target = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchorDay, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export const DAY = 86400;
