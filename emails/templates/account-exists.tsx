import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type AccountExistsProps = { loginUrl: string; resetUrl: string };

export const subject = () => "You already have a Berth account";

export default function AccountExists({ loginUrl, resetUrl }: AccountExistsProps) {
  return (
    <EmailLayout preview="Someone tried to sign up with this email">
      <Heading className="text-xl font-semibold">You already have an account</Heading>
      <Text>Someone (hopefully you) tried to sign up for Berth with this email, which already has an account.</Text>
      <ActionButton href={loginUrl} label="Log in" />
      <Text className="text-sm text-slate-600">
        Forgot your password? Choose a new one at {resetUrl}. If this wasn&apos;t you, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}
AccountExists.PreviewProps = {
  loginUrl: "http://localhost:3000/login",
  resetUrl: "http://localhost:3000/forgot-password",
} satisfies AccountExistsProps;
