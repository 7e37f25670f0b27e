import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type TrialEndingProps = {
  name: string;
  instanceName: string;
  endsAt: string;
  retentionDays: number;
  dashboardUrl: string;
};

export const subject = (p: TrialEndingProps) => `Your free trial of ${p.instanceName} ends soon`;

export default function TrialEnding(p: TrialEndingProps) {
  return (
    <EmailLayout preview={`The trial of ${p.instanceName} ends on ${p.endsAt}`}>
      <Heading className="text-xl font-semibold">Your trial ends on {p.endsAt}</Heading>
      <Text>
        Hi {p.name}, the free trial of {p.instanceName} ends on {p.endsAt}.
      </Text>
      <Text>
        When it ends we back it up and suspend it: your data is kept for {p.retentionDays} days, then deleted unless you
        upgrade. Upgrading keeps the same instance and data.
      </Text>
      <ActionButton href={p.dashboardUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
TrialEnding.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  endsAt: "5 Dec 2026",
  retentionDays: 30,
  dashboardUrl: "http://localhost:3000/instances/1",
} satisfies TrialEndingProps;
