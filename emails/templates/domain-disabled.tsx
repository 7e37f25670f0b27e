import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type DomainDisabledProps = { name: string; domain: string; instanceName: string; problems: string; domainsUrl: string };

export const subject = (p: DomainDisabledProps) => `${p.domain} no longer points at ${p.instanceName}`;

export default function DomainDisabled(p: DomainDisabledProps) {
  return (
    <EmailLayout preview={`${p.domain} is no longer served`}>
      <Heading className="text-xl font-semibold">{p.domain} is no longer served</Heading>
      <Text>
        Hi {p.name}, our daily check of {p.domain}, the custom domain of your instance {p.instanceName}, found its DNS
        records gone: {p.problems}
      </Text>
      <Text>
        We stopped serving the instance at {p.domain}; its own address still works. Put the records back, then choose
        “Check now” on the instance&apos;s domains page to serve it again.
      </Text>
      <ActionButton href={p.domainsUrl} label="Open the domains page" />
    </EmailLayout>
  );
}
DomainDisabled.PreviewProps = {
  name: "Ada",
  domain: "www.example.com",
  instanceName: "shop",
  problems: "www.example.com does not point at shop-1a2b3c4d.apps.localhost yet.",
  domainsUrl: "http://localhost:3000/instances/1/domains",
} satisfies DomainDisabledProps;
