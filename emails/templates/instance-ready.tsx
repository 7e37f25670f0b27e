import { Heading, Link, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type InstanceReadyProps = {
  name: string;
  instanceName: string;
  url: string;
  sshCommand: string;
  // Whether an SSH key is attached to it: without one, the customer adds a key before connecting.
  hasKeys: boolean;
  hostKeyFingerprint: string;
  dashboardUrl: string;
  trialEndsAt: string | null;
};

export const subject = (p: InstanceReadyProps) => `Your instance ${p.instanceName} is ready`;

export default function InstanceReady(p: InstanceReadyProps) {
  return (
    <EmailLayout preview={`${p.instanceName} is running: its health check answers and SSH works`}>
      <Heading className="text-xl font-semibold">{p.instanceName} is ready</Heading>
      <Text>Hi {p.name}, your instance is running: its health check answers and SSH works.</Text>
      <Text>
        Open it at <Link href={p.url}>{p.url}</Link>
      </Text>
      <Text>
        {p.hasKeys
          ? "Connect with one of the SSH keys you chose:"
          : "It has no SSH key yet: add one on the instance page, then connect with:"}
      </Text>
      {/* Plain text, not a highlighted code block: highlighting adds invisible characters to what people copy. */}
      <Text className="rounded bg-slate-900 px-4 py-3 font-mono text-sm text-white">{p.sshCommand}</Text>
      <Text className="text-sm text-slate-600">
        The first time you connect, check that the server&apos;s host key fingerprint is {p.hostKeyFingerprint}.
      </Text>
      {p.trialEndsAt ? (
        <Text className="text-sm">
          Your free trial runs until {p.trialEndsAt}. We&apos;ll remind you before it ends.
        </Text>
      ) : null}
      <ActionButton href={p.dashboardUrl} label="Open the instance page" />
    </EmailLayout>
  );
}
InstanceReady.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  url: "http://127.0.0.1:20000",
  sshCommand: "ssh -p 2222 shop-x7k2q@localhost",
  hasKeys: true,
  hostKeyFingerprint: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
  dashboardUrl: "http://localhost:3000/instances/1",
  trialEndsAt: "5 Dec 2026, 12:00 UTC",
} satisfies InstanceReadyProps;
