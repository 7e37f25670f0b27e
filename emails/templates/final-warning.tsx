import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type FinalWarningProps = { name: string; instanceName: string; date: string; billingUrl: string };

export const subject = (p: FinalWarningProps) => `Final warning: ${p.instanceName} will be deleted on ${p.date}`;

export default function FinalWarning(p: FinalWarningProps) {
  return (
    <EmailLayout preview={`${p.instanceName} and its data will be deleted on ${p.date}`}>
      <Heading className="text-xl font-semibold">Your instance will be deleted soon</Heading>
      <Text>Hi {p.name}, {p.instanceName} has been suspended for non-payment. Unless the invoice is paid, the instance and its data are deleted on {p.date}.</Text>
      <ActionButton href={p.billingUrl} label="Pay now" />
    </EmailLayout>
  );
}
FinalWarning.PreviewProps = { name: "Ada", instanceName: "shop", date: "Mon, 04 Jan 2027", billingUrl: "http://localhost:3000/billing" } satisfies FinalWarningProps;
