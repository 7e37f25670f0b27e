import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type DiskNearLimitProps = { name: string; instanceName: string; used: string; limitGb: number; instanceUrl: string };

export const subject = (p: DiskNearLimitProps) => `${p.instanceName} has used over 90% of its disk`;

export default function DiskNearLimit(p: DiskNearLimitProps) {
  return (
    <EmailLayout preview={`${p.instanceName} uses ${p.used} of ${p.limitGb} GB`}>
      <Heading className="text-xl font-semibold">{p.instanceName} is running out of disk space</Heading>
      <Text>
        Hi {p.name}, your instance {p.instanceName} now uses {p.used}, more than 90% of the {p.limitGb} GB of its plan.
      </Text>
      <Text>
        Before it fills up, delete files you no longer need, or move to a plan with more disk from the instance
        page&apos;s Settings.
      </Text>
      <ActionButton href={p.instanceUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
DiskNearLimit.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  used: "4.6 GB",
  limitGb: 5,
  instanceUrl: "http://localhost:3000/instances/1",
} satisfies DiskNearLimitProps;
