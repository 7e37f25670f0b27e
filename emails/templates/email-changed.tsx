import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "../components/email-layout";

type EmailChangedProps = { name: string; newEmail: string };

export const subject = () => "Your Berth email was changed";

export default function EmailChanged({ name, newEmail }: EmailChangedProps) {
  return (
    <EmailLayout preview="The email of your Berth account was changed">
      <Heading className="text-xl font-semibold">Your email was changed</Heading>
      <Text>
        Hi {name}, the email of your Berth account is now {newEmail}. We will write to that address from now on.
      </Text>
      <Text className="text-sm text-slate-600">
        If you didn&apos;t make this change, reply to this email right away.
      </Text>
    </EmailLayout>
  );
}
EmailChanged.PreviewProps = { name: "Ada", newEmail: "ada@example.com" } satisfies EmailChangedProps;
