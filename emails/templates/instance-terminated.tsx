import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "../components/email-layout";

type InstanceTerminatedProps = { name: string; instanceName: string; reason: string; backupKeptUntil: string | null };

export const subject = (p: InstanceTerminatedProps) => `Your instance ${p.instanceName} was terminated`;

export default function InstanceTerminated(p: InstanceTerminatedProps) {
  return (
    <EmailLayout preview={`${p.instanceName} was terminated`}>
      <Heading className="text-xl font-semibold">{p.instanceName} was terminated</Heading>
      <Text>
        Hi {p.name}, your instance {p.instanceName} was terminated: {p.reason}
      </Text>
      {p.backupKeptUntil ? (
        <Text>
          We keep a final backup until {p.backupKeptUntil}. Open a support ticket before then if you need it back.
        </Text>
      ) : null}
    </EmailLayout>
  );
}
InstanceTerminated.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  reason: "you asked us to.",
  backupKeptUntil: "4 Jan 2027",
} satisfies InstanceTerminatedProps;
