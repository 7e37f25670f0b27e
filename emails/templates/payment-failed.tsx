import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type PaymentFailedProps = { name: string; amount: string; graceDays: string; updateCardUrl: string };

export const subject = (p: PaymentFailedProps) => `Your payment of ${p.amount} failed`;

export default function PaymentFailed(p: PaymentFailedProps) {
  return (
    <EmailLayout preview={`Please update your card: ${p.amount} could not be charged`}>
      <Heading className="text-xl font-semibold">Your payment failed</Heading>
      <Text>
        Hi {p.name}, we could not charge {p.amount} to your card. Your instances keep running for {p.graceDays} days;
        after that they are backed up and suspended until the invoice is paid. Update your card on the billing page,
        then choose “Retry the payment”.
      </Text>
      <ActionButton href={p.updateCardUrl} label="Update your card" />
    </EmailLayout>
  );
}
PaymentFailed.PreviewProps = {
  name: "Ada",
  amount: "$12.00",
  graceDays: "7",
  updateCardUrl: "http://localhost:3000/billing",
} satisfies PaymentFailedProps;
