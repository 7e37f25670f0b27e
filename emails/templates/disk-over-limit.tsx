import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type DiskOverLimitProps = { name: string; instanceName: string; used: string; limitGb: number; instanceUrl: string };

export const subject = (p: DiskOverLimitProps) => `${p.instanceName} is using more disk than its plan has`;

export default function DiskOverLimit(p: DiskOverLimitProps) {
  return (
    <EmailLayout preview={`${p.instanceName} uses ${p.used} of ${p.limitGb} GB`}>
      <Heading className="text-xl font-semibold">{p.instanceName} is over its disk space</Heading>
      <Text>
        Hi {p.name}, your instance {p.instanceName} now uses {p.used}, more than the {p.limitGb} GB of its plan.
      </Text>
      <Text>
        It keeps running. To stay safe, delete files you no longer need or move to a plan with more disk from the
        instance page.
      </Text>
      <ActionButton href={p.instanceUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
DiskOverLimit.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  used: "5.4 GB",
  limitGb: 5,
  instanceUrl: "http://localhost:3000/instances/1",
} satisfies DiskOverLimitProps;
