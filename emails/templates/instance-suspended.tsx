import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type InstanceSuspendedProps = { name: string; instanceName: string; reason: string; ticketUrl: string };

export const subject = (p: InstanceSuspendedProps) => `${p.instanceName} was suspended by our staff`;

export default function InstanceSuspended(p: InstanceSuspendedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} was suspended: ${p.reason}`}>
      <Heading className="text-xl font-semibold">Your instance was suspended</Heading>
      <Text>
        Hi {p.name}, our staff suspended {p.instanceName}. The reason given: {p.reason}
      </Text>
      <Text>
        It is stopped and its data is kept. Only our staff can start it again: open a support ticket and tell us what
        you changed or what you need.
      </Text>
      <ActionButton href={p.ticketUrl} label="Open a support ticket" />
    </EmailLayout>
  );
}
InstanceSuspended.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  reason: "It was sending spam.",
  ticketUrl: "http://localhost:3000/tickets/new",
} satisfies InstanceSuspendedProps;
