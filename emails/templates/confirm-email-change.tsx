import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type ConfirmEmailChangeProps = { name: string; newEmail: string; confirmUrl: string };

export const subject = () => "Confirm your new email for Berth";

export default function ConfirmEmailChange({ name, newEmail, confirmUrl }: ConfirmEmailChangeProps) {
  return (
    <EmailLayout preview={`Confirm ${newEmail} as your Berth email`}>
      <Heading className="text-xl font-semibold">Confirm your new email</Heading>
      <Text>
        Hi {name}, you asked to change the email of your Berth account to {newEmail}. Nothing changes until you confirm.
      </Text>
      <ActionButton href={confirmUrl} label="Confirm new email" />
      <Text className="text-sm text-slate-600">The link works once and expires in 24 hours.</Text>
    </EmailLayout>
  );
}
ConfirmEmailChange.PreviewProps = {
  name: "Ada",
  newEmail: "ada@example.com",
  confirmUrl: "http://localhost:3000/verify-email?token=preview&change=1",
} satisfies ConfirmEmailChangeProps;
