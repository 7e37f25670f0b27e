import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type WebhookDisabledProps = { name: string; endpointUrl: string; reason: string; link: string };

export const subject = (p: WebhookDisabledProps) => `Webhook endpoint disabled: ${p.endpointUrl}`;

export default function WebhookDisabled(p: WebhookDisabledProps) {
  return (
    <EmailLayout preview={`Berth stopped sending events to ${p.endpointUrl}`}>
      <Heading className="text-xl font-semibold">A webhook endpoint was disabled</Heading>
      <Text>
        Hi {p.name}, Berth stopped sending events to {p.endpointUrl}. {p.reason}
      </Text>
      <Text>
        Events that happen while it is disabled are not sent to it. Once the receiver works again, enable the endpoint
        and resend the deliveries you need from its log.
      </Text>
      <ActionButton href={p.link} label="Open the endpoint" />
    </EmailLayout>
  );
}
WebhookDisabled.PreviewProps = {
  name: "Ada",
  endpointUrl: "https://hooks.example.com/berth",
  reason: "Every delivery attempt has failed since 4 Jan 2027, 10:00 UTC; the last: answered 500.",
  link: "http://localhost:3000/admin/webhooks/1",
} satisfies WebhookDisabledProps;
