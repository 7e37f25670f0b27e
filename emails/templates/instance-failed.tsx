import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type InstanceFailedProps = {
  name: string;
  instanceName: string;
  reason: string;
  refunded: string | null;
  dashboardUrl: string;
};

export const subject = (p: InstanceFailedProps) => `Your instance ${p.instanceName} could not start`;

export default function InstanceFailed(p: InstanceFailedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} could not start`}>
      <Heading className="text-xl font-semibold">{p.instanceName} could not start</Heading>
      <Text>
        Hi {p.name}, we could not get your instance to a working state. What we saw: {p.reason}
      </Text>
      {p.refunded ? (
        <Text>
          It never ran, so you are not charged for it: its subscription is canceled and we refunded {p.refunded} to your
          card.
        </Text>
      ) : null}
      <Text>
        Our team has been told and will look into it. You can also open a support ticket from the instance page.
      </Text>
      <ActionButton href={p.dashboardUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
InstanceFailed.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  reason: "The health check at / answered 502.",
  refunded: null,
  dashboardUrl: "http://localhost:3000/instances/1",
} satisfies InstanceFailedProps;
