import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "../components/email-layout";

type PasswordChangedProps = { name: string };

export const subject = () => "Your Berth password was changed";

export default function PasswordChanged({ name }: PasswordChangedProps) {
  return (
    <EmailLayout preview="The password of your Berth account was changed">
      <Heading className="text-xl font-semibold">Your password was changed</Heading>
      <Text>
        Hi {name}, the password of your Berth account was just changed and your other sessions were signed out.
      </Text>
      <Text className="text-sm text-slate-600">
        If you didn&apos;t make this change, reset your password and reply to this email.
      </Text>
    </EmailLayout>
  );
}
PasswordChanged.PreviewProps = { name: "Ada" } satisfies PasswordChangedProps;
