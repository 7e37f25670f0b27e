import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emailLog } from "@/db/schema";
import { emailsTo, waitForEmail } from "@/scripts/test/mailbox";
import { sendEmail } from "./mail";

const mailbox = process.env.MAILDEV_URL!;

describe("sendEmail", () => {
  it("renders the template to HTML and text, delivers it over SMTP and logs it", async () => {
    const to = `mail-${randomUUID()}@example.test`;
    await sendEmail(db, {
      to,
      template: "reset-password",
      props: { name: "Ada", resetUrl: "http://x.test/reset-password?token=abc" },
    });
    const received = await waitForEmail(mailbox, to);
    expect(received.subject).toBe("Reset your Berth password");
    expect(received.html).toContain('href="http://x.test/reset-password?token=abc"');
    expect(received.text).toContain("Hi Ada");
    const [logged] = await db.select().from(emailLog).where(eq(emailLog.to, to));
    expect(logged).toMatchObject({ template: "reset-password", status: "sent" });
  });

  it("sends an email with a dedupe key once, however often it is asked", async () => {
    const to = `once-${randomUUID()}@example.test`;
    const dedupeKey = `test:${to}`;
    const results = await Promise.all(
      [1, 2, 3].map(() => sendEmail(db, { to, dedupeKey, template: "password-changed", props: { name: "Ada" } })),
    );
    expect(results.filter((r) => r.sent)).toHaveLength(1);
    await waitForEmail(mailbox, to);
    await sendEmail(db, { to, dedupeKey, template: "password-changed", props: { name: "Ada" } });
    expect(await emailsTo(mailbox, to)).toHaveLength(1);
    expect(await db.select().from(emailLog).where(eq(emailLog.dedupeKey, dedupeKey))).toHaveLength(1);
  });

  it("records a failed delivery and retries it under the same key", async () => {
    const to = `retry-${randomUUID()}@example.test`;
    const dedupeKey = `test:${to}`;
    await db
      .insert(emailLog)
      .values({ to, template: "password-changed", subject: "x", dedupeKey, status: "failed", error: "SMTP down" });
    expect(await sendEmail(db, { to, dedupeKey, template: "password-changed", props: { name: "Ada" } })).toEqual({
      sent: true,
    });
    const [row] = await db.select().from(emailLog).where(eq(emailLog.dedupeKey, dedupeKey));
    expect(row).toMatchObject({ status: "sent", error: null });
  });
});
