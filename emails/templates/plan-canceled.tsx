import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type PlanCanceledProps = { name: string; instanceName: string; endsOn: string; keptUntil: string; billingUrl: string };

export const subject = (p: PlanCanceledProps) => `Your plan for ${p.instanceName} is canceled`;

export default function PlanCanceled(p: PlanCanceledProps) {
  return (
    <EmailLayout preview={`${p.instanceName} runs until ${p.endsOn}; its data is kept until ${p.keptUntil}`}>
      <Heading className="text-xl font-semibold">Your plan is canceled</Heading>
      <Text>
        Hi {p.name}, the plan for {p.instanceName} is canceled and will not renew. The instance keeps running until{" "}
        {p.endsOn}, the end of the period you paid for.
      </Text>
      <Text>
        Then we back it up and stop it. Its data is kept until {p.keptUntil}; after that the instance and its data are
        deleted. Changed your mind? Choose “Keep renewing” on the billing page before {p.endsOn}.
      </Text>
      <ActionButton href={p.billingUrl} label="Open billing" />
    </EmailLayout>
  );
}
PlanCanceled.PreviewProps = {
  name: "Ada",
  instanceName: "shop",
  endsOn: "3 Jan 2027",
  keptUntil: "2 Feb 2027",
  billingUrl: "http://localhost:3000/billing",
} satisfies PlanCanceledProps;
