import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type TicketReplyToCustomerProps = {
  name: string;
  ticketNumber: string;
  subject: string;
  excerpt: string;
  ticketUrl: string;
};

export const subject = (p: TicketReplyToCustomerProps) => `Re: ${p.subject} [ticket #${p.ticketNumber}]`;

export default function TicketReplyToCustomer(p: TicketReplyToCustomerProps) {
  return (
    <EmailLayout preview={`Berth support answered your ticket #${p.ticketNumber}`}>
      <Heading className="text-xl font-semibold">We answered your ticket #{p.ticketNumber}</Heading>
      <Text>
        Hi {p.name}, Berth support replied to “{p.subject}”:
      </Text>
      <Text className="border-0 border-l-4 border-solid border-slate-200 pl-4 text-slate-700">{p.excerpt}</Text>
      <ActionButton href={p.ticketUrl} label="View the ticket" />
    </EmailLayout>
  );
}
TicketReplyToCustomer.PreviewProps = {
  name: "Ada",
  ticketNumber: "1042",
  subject: "Site answers 502",
  excerpt: "We restarted the app server; it answers again.",
  ticketUrl: "http://localhost:3000/tickets/1",
} satisfies TicketReplyToCustomerProps;
