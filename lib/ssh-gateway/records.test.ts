import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import { accessHistory } from "@/lib/instances/queries";
import { customer, trialInstance } from "@/test/billing/helpers";
import { recordSessionEnd, recordSessionStart } from "./records";

describe("the access history", () => {
  it("keeps the email the account had when the session began, after the email changes", async () => {
    const user = await customer("history");
    const instance = await trialInstance(user.id);
    const before = (await db.select({ email: users.email }).from(users).where(eq(users.id, user.id)))[0]!.email;
    const id = await recordSessionStart(db, {
      instanceId: instance.id,
      userId: user.id,
      keyFingerprint: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
      remoteAddress: "203.0.113.7",
      command: null,
    });
    await recordSessionEnd(db, id, 0);
    const renamed = `renamed-${before}`;
    await db.update(users).set({ email: renamed }).where(eq(users.id, user.id));
    await recordSessionStart(db, {
      instanceId: instance.id,
      userId: user.id,
      keyFingerprint: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
      remoteAddress: "203.0.113.7",
      command: "uptime",
    });
    const rows = await accessHistory(db, instance.id);
    expect(rows.map((r) => [r.email, r.session.command])).toEqual([
      [renamed, "uptime"],
      [before, null],
    ]);
  });
});
