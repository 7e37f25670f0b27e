import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type BillingSuspendedProps = { name: string; instanceName: string; date: string; billingUrl: string };

export const subject = (p: BillingSuspendedProps) => `${p.instanceName} is suspended: the payment is still missing`;

export default function BillingSuspended(p: BillingSuspendedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} is suspended until the invoice is paid`}>
      <Heading className="text-xl font-semibold">Your instance is suspended</Heading>
      <Text>
        Hi {p.name}, we still could not collect the payment for {p.instanceName}, so we backed it up and suspended it.
        Your data is kept until {p.date}; paying the invoice resumes it automatically.
      </Text>
      <ActionButton href={p.billingUrl} label="Update your card" />
    </EmailLayout>
  );
}
BillingSuspended.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  date: "4 Jan 2027",
  billingUrl: "http://localhost:3000/billing",
} satisfies BillingSuspendedProps;
