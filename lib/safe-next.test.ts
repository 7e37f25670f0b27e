import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("the page to open after sign-in", () => {
  it("falls back to the dashboard for a path with a newline, a tab or another control character", () => {
    for (const value of [
      "/billing\nSet-Cookie: x=1",
      "/billing\r\n",
      "/\t/evil.example",
      "/bill\u0000ing",
      "/a\u007f",
    ]) {
      expect(safeNextPath(value), JSON.stringify(value)).toBe("/dashboard");
    }
    expect(safeNextPath("/instances/abc?tab=logs#end")).toBe("/instances/abc?tab=logs#end");
  });

  it("falls back for a path longer than any page's address", () => {
    expect(safeNextPath(`/${"a".repeat(3000)}`)).toBe("/dashboard");
  });
});
