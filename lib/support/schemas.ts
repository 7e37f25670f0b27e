import { z } from "zod";

export const SUBJECT_MAX = 150;
export const BODY_MAX = 10_000;
export const TICKET_STATUSES = ["open", "waiting_on_customer", "closed"] as const;
export const TICKET_CATEGORIES = ["technical", "billing", "account", "other"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const STATUS_LABEL: Record<TicketStatus, string> = {
  open: "Open",
  waiting_on_customer: "Waiting on customer",
  closed: "Closed",
};

export const CATEGORY_LABEL: Record<(typeof TICKET_CATEGORIES)[number], string> = {
  technical: "Technical problem",
  billing: "Billing",
  account: "Account",
  other: "Something else",
};

const ticketId = z.uuid("Ticket not found.");

// Browsers send line breaks as CRLF; counting them as one character matches the textarea's own maxlength.
export const messageBody = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .min(1, "Please write a message.")
      .max(BODY_MAX, `A message can be at most ${BODY_MAX.toLocaleString("en-US")} characters.`),
  );

export const openTicketSchema = z.object({
  // One line: it becomes an email subject header.
  subject: z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, "Please enter a subject.")
        .max(SUBJECT_MAX, `The subject can be at most ${SUBJECT_MAX} characters.`),
    ),
  category: z.enum(TICKET_CATEGORIES, "Please choose a category."),
  body: messageBody,
  instanceId: z.union([z.literal("").transform(() => undefined), z.uuid("That instance was not found.")]).optional(),
});

export const customerReplySchema = z.object({ ticketId, body: messageBody });
export const ticketRefSchema = z.object({ ticketId });

export const staffReplySchema = z.object({
  ticketId,
  body: messageBody,
  status: z.enum(TICKET_STATUSES, "Please choose a status.").default("waiting_on_customer"),
});

export const assignSchema = z.object({
  ticketId,
  // "" (or null) unassigns.
  assigneeId: z
    .string()
    .nullable()
    .transform((v) => v || null)
    .pipe(z.uuid("That staff member was not found.").nullable()),
});

export const statusSchema = z.object({ ticketId, status: z.enum(TICKET_STATUSES, "Please choose a status.") });

export const TICKET_NOT_FOUND = { error: "Ticket not found." } as const;

export const noteSchema = z.object({ ticketId, body: messageBody });

export const cannedReplySchema = z.object({
  title: z.string().trim().min(1, "Give the reply a title.").max(80, "A title can be at most 80 characters."),
  body: messageBody,
});
export const cannedReplyRefSchema = z.object({ id: z.uuid("That canned reply was not found.") });
