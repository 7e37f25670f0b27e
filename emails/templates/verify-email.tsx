import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type VerifyEmailProps = { name: string; verifyUrl: string };

export const subject = () => "Confirm your email for Berth";

export default function VerifyEmail({ name, verifyUrl }: VerifyEmailProps) {
  return (
    <EmailLayout preview="Confirm your email to start your free trial instance">
      <Heading className="text-xl font-semibold">Confirm your email</Heading>
      <Text>Hi {name}, thanks for signing up. Confirm your email address to start your free trial instance.</Text>
      <ActionButton href={verifyUrl} label="Confirm email" />
      <Text className="text-sm text-slate-600">
        The link works once and expires in 24 hours. If you didn&apos;t sign up, ignore this email.
      </Text>
    </EmailLayout>
  );
}
VerifyEmail.PreviewProps = {
  name: "Ada",
  verifyUrl: "http://localhost:3000/verify-email?token=preview",
} satisfies VerifyEmailProps;
