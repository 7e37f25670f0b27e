import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type TicketReceivedProps = { name: string; ticketNumber: string; subject: string; ticketUrl: string };

export const subject = (p: TicketReceivedProps) => `We received your ticket #${p.ticketNumber}: ${p.subject}`;

export default function TicketReceived(p: TicketReceivedProps) {
  return (
    <EmailLayout preview={`Your ticket #${p.ticketNumber} is open; we reply by email`}>
      <Heading className="text-xl font-semibold">We received your ticket #{p.ticketNumber}</Heading>
      <Text>
        Hi {p.name}, your ticket “{p.subject}” is open as number {p.ticketNumber}. Our support team reads it and replies
        by email; you can add details on the ticket page meanwhile.
      </Text>
      <ActionButton href={p.ticketUrl} label="View the ticket" />
    </EmailLayout>
  );
}
TicketReceived.PreviewProps = {
  name: "Ada",
  ticketNumber: "1042",
  subject: "Site answers 502",
  ticketUrl: "http://localhost:3000/tickets/1",
} satisfies TicketReceivedProps;
