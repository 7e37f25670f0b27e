import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type BillingResumedProps = { name: string; instanceName: string; date: string; billingUrl: string };

export const subject = (p: BillingResumedProps) => `Payment received: ${p.instanceName} is running again`;

export default function BillingResumed(p: BillingResumedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} is being resumed`}>
      <Heading className="text-xl font-semibold">Your instance is back</Heading>
      <Text>
        Hi {p.name}, thank you: your payment went through on {p.date} and {p.instanceName} is starting again with its
        data.
      </Text>
      <ActionButton href={p.billingUrl} label="Open billing" />
    </EmailLayout>
  );
}
BillingResumed.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  date: "4 Jan 2027",
  billingUrl: "http://localhost:3000/billing",
} satisfies BillingResumedProps;
