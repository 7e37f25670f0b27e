import { plainTextSelectors, render } from "@react-email/components";
import { and, eq, lt, not, or } from "drizzle-orm";
import { compile } from "html-to-text";
import nodemailer from "nodemailer";
import { createElement } from "react";
import type { Db } from "@/db";
import { emailLog } from "@/db/schema";
import { emailTemplates, type EmailProps, type EmailTemplateName } from "@/emails";
import { loadTailwind } from "@/emails/components/tailwind";
import { env } from "./env";

let transport: nodemailer.Transporter | undefined;
const mailer = () => (transport ??= nodemailer.createTransport(env.SMTP_URL));

export type SendEmail<T extends EmailTemplateName> = {
  to: string;
  template: T;
  props: EmailProps<T>;
  userId?: string | null;
  // An email that must go out once carries a key; a second send with the same key does nothing.
  dedupeKey?: string;
};

// React Email's plain-text conversion, compiled once (its `toPlainText` compiles the same options for every email).
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

export async function renderEmail<T extends EmailTemplateName>(template: T, props: EmailProps<T>) {
  const { component, subject } = emailTemplates[template];
  await loadTailwind();
  const element = createElement(component as (p: EmailProps<T>) => React.ReactElement, props);
  // One render: the plain-text part is made from the same HTML (what `render(…, { plainText: true })` renders again).
  const html = await render(element);
  const text = toPlainText(html);
  return { subject: (subject as (p: EmailProps<T>) => string)(props), html, text };
}

export async function sendEmail<T extends EmailTemplateName>(db: Db, m: SendEmail<T>): Promise<{ sent: boolean }> {
  // Rendering is the costly part, and re-syncs ask for the same emails again and again: a key already taken
  // (and not up for a retry) is answered without rendering. The insert below stays the guard.
  if (m.dedupeKey && (await db.$count(emailLog, and(eq(emailLog.dedupeKey, m.dedupeKey), not(reclaimable())))) > 0)
    return { sent: false };
  const { subject, html, text } = await renderEmail(m.template, m.props);
  const [row] = await db
    .insert(emailLog)
    .values({ to: m.to, template: m.template, subject, userId: m.userId ?? null, dedupeKey: m.dedupeKey ?? null })
    .onConflictDoNothing({ target: emailLog.dedupeKey })
    .returning({ id: emailLog.id });
  const id = row?.id ?? (await reclaimFailed(db, m.dedupeKey!));
  if (!id) return { sent: false };
  return deliver(db, id, { to: m.to, subject, html, text });
}

// A logged email may be sent again only if its attempt failed or died mid-send.
const reclaimable = () =>
  or(
    eq(emailLog.status, "failed"),
    and(eq(emailLog.status, "pending"), lt(emailLog.createdAt, new Date(Date.now() - 5 * 60_000))),
  )!;

// Already logged under this key: claim it for a retry only if the earlier attempt failed or died mid-send.
async function reclaimFailed(db: Db, dedupeKey: string) {
  const [row] = await db
    .update(emailLog)
    .set({ status: "pending", createdAt: new Date(), error: null })
    .where(and(eq(emailLog.dedupeKey, dedupeKey), reclaimable()))
    .returning({ id: emailLog.id });
  return row?.id;
}

async function deliver(db: Db, id: string, message: { to: string; subject: string; html: string; text: string }) {
  try {
    const info = await mailer().sendMail({ from: env.MAIL_FROM, ...message });
    await db
      .update(emailLog)
      .set({ status: "sent", sentAt: new Date(), messageId: info.messageId, error: null })
      .where(eq(emailLog.id, id));
    return { sent: true };
  } catch (error) {
    await db
      .update(emailLog)
      .set({ status: "failed", error: String(error) })
      .where(eq(emailLog.id, id));
    throw error;
  }
}
