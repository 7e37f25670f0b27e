import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type SubscriptionEndedProps = { name: string; instanceName: string; why: string; date: string; instanceUrl: string };

export const subject = (p: SubscriptionEndedProps) => `${p.instanceName} is stopped: its subscription ended`;

export default function SubscriptionEnded(p: SubscriptionEndedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} is stopped; its data is kept until ${p.date}`}>
      <Heading className="text-xl font-semibold">Your subscription ended</Heading>
      <Text>
        Hi {p.name}, the subscription for {p.instanceName} has ended ({p.why}). We backed the instance up and stopped
        it.
      </Text>
      <Text>
        Its data is kept until {p.date}, then the instance and its data are deleted. You can download the backup from
        the instance page until then.
      </Text>
      <ActionButton href={p.instanceUrl} label="Open the instance" />
    </EmailLayout>
  );
}
SubscriptionEnded.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  why: "you canceled it",
  date: "4 Jan 2027",
  instanceUrl: "http://localhost:3000/instances/1",
} satisfies SubscriptionEndedProps;
