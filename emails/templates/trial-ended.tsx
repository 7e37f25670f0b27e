import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type TrialEndedProps = { name: string; instanceName: string; deleteOn: string; dashboardUrl: string };

export const subject = (p: TrialEndedProps) => `Your free trial of ${p.instanceName} has ended`;

export default function TrialEnded(p: TrialEndedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} is suspended; your data is kept until ${p.deleteOn}`}>
      <Heading className="text-xl font-semibold">Your trial has ended</Heading>
      <Text>
        Hi {p.name}, the free trial of {p.instanceName} has ended. We backed it up and suspended it. Your data is kept
        until {p.deleteOn}; after that the instance and its data are deleted unless you upgrade.
      </Text>
      <ActionButton href={p.dashboardUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
TrialEnded.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  deleteOn: "4 Jan 2027",
  dashboardUrl: "http://localhost:3000/instances/1",
} satisfies TrialEndedProps;
