import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type MemoryNearLimitProps = {
  name: string;
  instanceName: string;
  usedMb: number;
  limitMb: number;
  instanceUrl: string;
};

export const subject = (p: MemoryNearLimitProps) => `${p.instanceName} is close to its memory limit`;

export default function MemoryNearLimit(p: MemoryNearLimitProps) {
  return (
    <EmailLayout preview={`${p.instanceName} uses ${p.usedMb} MB of ${p.limitMb} MB`}>
      <Heading className="text-xl font-semibold">{p.instanceName} is short of memory</Heading>
      <Text>
        Hi {p.name}, for the last ten minutes your instance {p.instanceName} has used more than 90% of the {p.limitMb}{" "}
        MB of memory its plan has (now {p.usedMb} MB).
      </Text>
      <Text>
        When it reaches the limit, the kernel stops the process that asks for more. A plan with more memory gives it
        room: you can resize from the instance page without a restart.
      </Text>
      <ActionButton href={p.instanceUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
MemoryNearLimit.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  usedMb: 480,
  limitMb: 512,
  instanceUrl: "http://localhost:3000/instances/1",
} satisfies MemoryNearLimitProps;
