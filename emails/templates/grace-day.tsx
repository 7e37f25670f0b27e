import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type GraceDayProps = {
  name: string;
  instanceName: string;
  amount: string;
  daysLeft: number;
  suspendOn: string;
  updateCardUrl: string;
};

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export const subject = (p: GraceDayProps) =>
  `Reminder: ${p.amount} is still due for ${p.instanceName} (${days(p.daysLeft)} left)`;

export default function GraceDay(p: GraceDayProps) {
  return (
    <EmailLayout preview={`${days(p.daysLeft)} left to update your card for ${p.instanceName}`}>
      <Heading className="text-xl font-semibold">Your payment is still missing</Heading>
      <Text>
        Hi {p.name}, a gentle reminder: we still could not collect {p.amount} for {p.instanceName}. It keeps running
        until {p.suspendOn} ({days(p.daysLeft)} left); after that we back it up and suspend it until the invoice is
        paid.
      </Text>
      <Text>
        Update your card on the billing page, then choose “Retry the payment”. If you have already paid, thank you, and
        please ignore this email.
      </Text>
      <ActionButton href={p.updateCardUrl} label="Update your card" />
    </EmailLayout>
  );
}
GraceDay.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  amount: "$12.00",
  daysLeft: 4,
  suspendOn: "4 Jan 2027",
  updateCardUrl: "http://localhost:3000/billing",
} satisfies GraceDayProps;
