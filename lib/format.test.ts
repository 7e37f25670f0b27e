import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format";

describe("dates", () => {
  it("show the day, and the moment in UTC saying so", () => {
    const at = new Date("2026-12-03T14:05:59Z");
    expect(formatDate(at)).toBe("3 Dec 2026");
    expect(formatDateTime(at)).toBe("3 Dec 2026, 14:05 UTC");
    expect(formatDateTime("2027-01-04T00:07:00+02:00")).toBe("3 Jan 2027, 22:07 UTC");
  });
});
