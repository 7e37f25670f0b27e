import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type ResetPasswordProps = { name: string; resetUrl: string };

export const subject = () => "Reset your Berth password";

export default function ResetPassword({ name, resetUrl }: ResetPasswordProps) {
  return (
    <EmailLayout preview="A link to choose a new password">
      <Heading className="text-xl font-semibold">Reset your password</Heading>
      <Text>Hi {name}, someone (hopefully you) asked to reset the password of your Berth account.</Text>
      <ActionButton href={resetUrl} label="Choose a new password" />
      <Text className="text-sm text-slate-600">
        The link works once and expires in 1 hour. Setting a new password signs you out everywhere. If you didn&apos;t
        ask for this, ignore this email: your password stays as it is.
      </Text>
    </EmailLayout>
  );
}
ResetPassword.PreviewProps = {
  name: "Ada",
  resetUrl: "http://localhost:3000/reset-password?token=preview",
} satisfies ResetPasswordProps;
