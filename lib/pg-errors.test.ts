import { describe, expect, it } from "vitest";
import { isForeignKeyViolation, isUniqueViolation, pgErrorCode } from "./pg-errors";

describe("postgres error codes", () => {
  it("reads the code from the driver's error or from drizzle's wrapper", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("Failed query"), { cause: { code: "23505" } }))).toBe(true);
    expect(isForeignKeyViolation({ cause: { code: "23503" } })).toBe(true);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
    expect(pgErrorCode(null)).toBeUndefined();
  });
});
