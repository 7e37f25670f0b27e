import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

// Sent a few days before deletion: after non-payment (paying still saves it), or after the subscription ended
// (nothing to pay; the backup is what the customer can still take).
type FinalWarningProps = {
  name: string;
  instanceName: string;
  date: string;
  billingUrl: string;
  cause?: "unpaid" | "ended";
  instanceUrl?: string;
};

export const subject = (p: FinalWarningProps) => `Final warning: ${p.instanceName} will be deleted on ${p.date}`;

export default function FinalWarning(p: FinalWarningProps) {
  const ended = p.cause === "ended";
  return (
    <EmailLayout preview={`${p.instanceName} and its data will be deleted on ${p.date}`}>
      <Heading className="text-xl font-semibold">Your instance will be deleted soon</Heading>
      {ended ? (
        <Text>
          Hi {p.name}, {p.instanceName} has been stopped since its subscription ended. The instance and its data are
          deleted on {p.date}; download its backup from the instance page before then if you want to keep it.
        </Text>
      ) : (
        <Text>
          Hi {p.name}, {p.instanceName} has been suspended for non-payment. Unless the invoice is paid, the instance and
          its data are deleted on {p.date}.
        </Text>
      )}
      <ActionButton
        href={ended && p.instanceUrl ? p.instanceUrl : p.billingUrl}
        label={ended ? "Download the backup" : "Pay now"}
      />
    </EmailLayout>
  );
}
FinalWarning.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  date: "4 Jan 2027",
  billingUrl: "http://localhost:3000/billing",
} satisfies FinalWarningProps;
