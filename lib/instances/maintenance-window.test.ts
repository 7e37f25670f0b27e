import { describe, expect, it } from "vitest";
import { maintenanceInput, windowOf } from "./maintenance-setting";
import { describeWindow, formatWindowStart, nextWindowStart, windowOpen } from "./maintenance-window";

const at = (iso: string) => new Date(iso);
const ID = "7f0c6a2e-4a57-4f53-9d4b-3c2f8a1b9e10";

describe("maintenance windows", () => {
  it("with none, an upgrade may happen at any time", () => {
    const none = { hour: null, weekday: null };
    expect(windowOpen(none, at("2026-12-06T15:00:00Z"))).toBe(true);
    expect(nextWindowStart(none, at("2026-12-06T15:00:00Z"))).toEqual(at("2026-12-06T15:00:00Z"));
    expect(describeWindow(none)).toBe("No maintenance window: upgrades are applied as soon as they roll out.");
  });

  it("a daily window is open for two hours from its hour, across midnight too", () => {
    const daily = { hour: 23, weekday: null };
    expect(windowOpen(daily, at("2026-12-04T22:59:59Z"))).toBe(false);
    expect(windowOpen(daily, at("2026-12-04T23:00:00Z"))).toBe(true);
    expect(windowOpen(daily, at("2026-12-05T00:59:59Z"))).toBe(true);
    expect(windowOpen(daily, at("2026-12-05T01:00:00Z"))).toBe(false);
    expect(nextWindowStart(daily, at("2026-12-05T01:30:00Z"))).toEqual(at("2026-12-05T23:00:00Z"));
    expect(describeWindow(daily)).toBe("Every day, 23:00–01:00 UTC.");
  });

  it("a weekly window opens only on its weekday (6 December 2026 is a Sunday)", () => {
    const sunday3 = { hour: 3, weekday: 0 };
    expect(windowOpen(sunday3, at("2026-12-06T03:30:00Z"))).toBe(true);
    expect(windowOpen(sunday3, at("2026-12-07T03:30:00Z"))).toBe(false);
    expect(windowOpen(sunday3, at("2026-12-06T05:00:00Z"))).toBe(false);
    expect(nextWindowStart(sunday3, at("2026-12-04T20:45:00Z"))).toEqual(at("2026-12-06T03:00:00Z"));
    expect(nextWindowStart(sunday3, at("2026-12-06T05:00:00Z"))).toEqual(at("2026-12-13T03:00:00Z"));
    const saturday23 = { hour: 23, weekday: 6 };
    expect(windowOpen(saturday23, at("2026-12-06T00:30:00Z"))).toBe(true);
    expect(describeWindow(sunday3)).toBe("Sundays, 03:00–05:00 UTC.");
    expect(formatWindowStart(at("2026-12-06T03:00:00Z"))).toBe("Sunday 6 December, 03:00 UTC");
  });

  it("the form's input: a window needs an hour, and bad values are refused with a message", () => {
    const parse = (v: Record<string, string>) => maintenanceInput.safeParse({ instanceId: ID, ...v });
    expect(parse({ when: "0" }).error?.issues[0]?.message).toBe("Please choose the hour the window opens.");
    expect(parse({ when: "daily", hour: "" }).error?.issues[0]?.message).toBe(
      "Please choose the hour the window opens.",
    );
    expect(parse({ when: "daily", hour: "24" }).error?.issues[0]?.message).toBe("Please choose an hour.");
    expect(parse({ when: "8", hour: "3" }).error?.issues[0]?.message).toBe("Please choose when.");
    expect(windowOf(parse({ when: "none", hour: "5" }).data!)).toEqual({ hour: null, weekday: null });
    expect(windowOf(parse({ when: "daily", hour: "5" }).data!)).toEqual({ hour: 5, weekday: null });
    expect(windowOf(parse({ when: "6", hour: "0" }).data!)).toEqual({ hour: 0, weekday: 6 });
  });
});
