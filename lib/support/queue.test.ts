import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseQueueParams, queueHref } from "./queue";

const staffId = "9d3c1a8e-0b5f-4c1e-9a3e-2f1c0d4b5a6e";
const cursor = { rank: 1, at: "2026-11-21T22:07:56.123456Z", id: "0f8b4c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b" };

describe("the queue's URL parameters", () => {
  it("round-trips a cursor to the microsecond and ignores a tampered one", () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of [
      "",
      "x",
      "3_2026-11-21T22:07:56.123456Z_" + cursor.id,
      `1_2026-11-21_${cursor.id}`,
      `1_${cursor.at}_'; drop table`,
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });

  it("defaults to open and waiting tickets of everyone, 50 to a page", () => {
    expect(parseQueueParams({}, staffId).filter).toEqual({
      statuses: ["open", "waiting_on_customer"],
      assigneeId: undefined,
      after: undefined,
      limit: 50,
    });
    expect(parseQueueParams({ status: "toString" }, staffId).view).toBe("active");
  });

  it("filters by status and by the staff member asking", () => {
    const { view, mine, filter } = parseQueueParams(
      { status: "closed", mine: "1", after: encodeCursor(cursor) },
      staffId,
    );
    expect({ view, mine }).toEqual({ view: "closed", mine: true });
    expect(filter).toMatchObject({ statuses: ["closed"], assigneeId: staffId, after: cursor });
    expect(queueHref({ view, mine, after: "c" })).toBe("/admin/tickets?status=closed&mine=1&after=c");
    expect(queueHref({ view: "active", mine: false })).toBe("/admin/tickets");
  });
});
