import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type ReleaseFailedProps = {
  name: string;
  instanceName: string;
  release: number;
  commit: string;
  reason: string;
  previous: number | null;
  deploysUrl: string;
};

export const subject = (p: ReleaseFailedProps) => `Release v${p.release} of ${p.instanceName} failed`;

export default function ReleaseFailed(p: ReleaseFailedProps) {
  return (
    <EmailLayout preview={`Release v${p.release} of ${p.instanceName} failed: ${p.reason}`}>
      <Heading className="text-xl font-semibold">Release v{p.release} did not go live</Heading>
      <Text>
        Hi {p.name}, the deploy of commit {p.commit} to {p.instanceName} failed: {p.reason}
      </Text>
      <Text>
        {p.previous
          ? `Nothing changed for your visitors: release v${p.previous} keeps serving.`
          : "Nothing changed for your visitors: the instance keeps serving what it served before."}{" "}
        The build log of every release is on the Deploys page.
      </Text>
      <ActionButton href={p.deploysUrl} label="Open the Deploys page" />
    </EmailLayout>
  );
}
ReleaseFailed.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  release: 4,
  commit: "3f2c9a1",
  reason: "The build failed (exit code 1): see the build log.",
  previous: 3,
  deploysUrl: "http://localhost:3000/instances/1/deploys",
} satisfies ReleaseFailedProps;
