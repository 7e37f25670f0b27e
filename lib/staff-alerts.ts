import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { env } from "./env";
import { sendEmail } from "./mail";

// To STAFF_ALERT_EMAIL when it is set, otherwise to every staff member; each alert once per dedupe key.
export async function sendStaffAlert(db: Db, a: { subject: string; lines: string[]; link: string; dedupeKey: string }) {
  const recipients = env.STAFF_ALERT_EMAIL
    ? [env.STAFF_ALERT_EMAIL]
    : (
        await db
          .select({ email: users.email })
          .from(users)
          .where(inArray(users.role, ["staff", "admin"]))
      ).map((u) => u.email);
  for (const to of recipients) {
    await sendEmail(db, {
      to,
      template: "staff-alert",
      dedupeKey: `${a.dedupeKey}:${to}`,
      props: { title: a.subject, lines: a.lines, link: a.link },
    });
  }
}
