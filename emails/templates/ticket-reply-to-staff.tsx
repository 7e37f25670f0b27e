import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type TicketReplyToStaffProps = {
  ticketNumber: string;
  subject: string;
  customerEmail: string;
  action: "opened" | "replied";
  excerpt: string;
  ticketUrl: string;
};

export const subject = (p: TicketReplyToStaffProps) =>
  `[Berth ticket #${p.ticketNumber}] ${p.action === "opened" ? "New" : "Reply"}: ${p.subject}`;

export default function TicketReplyToStaff(p: TicketReplyToStaffProps) {
  return (
    <EmailLayout preview={`${p.customerEmail} ${p.action} ticket #${p.ticketNumber}`}>
      <Heading className="text-xl font-semibold">
        Ticket #{p.ticketNumber}: {p.subject}
      </Heading>
      <Text>
        {p.customerEmail} {p.action} ticket #{p.ticketNumber}:
      </Text>
      <Text className="border-0 border-l-4 border-solid border-slate-200 pl-4 text-slate-700">{p.excerpt}</Text>
      <ActionButton href={p.ticketUrl} label="Open the ticket" />
    </EmailLayout>
  );
}
TicketReplyToStaff.PreviewProps = {
  ticketNumber: "1042",
  subject: "Site answers 502",
  customerEmail: "ada@example.com",
  action: "replied",
  excerpt: "It still answers 502 after the restart.",
  ticketUrl: "http://localhost:3000/admin/tickets/1",
} satisfies TicketReplyToStaffProps;
