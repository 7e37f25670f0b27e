import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "../components/email-layout";

type AccountDeletedProps = { name: string; instanceNames: string[]; subscriptionsEnded: number; backupDays: number };

export const subject = () => "Your Berth account was deleted";

export default function AccountDeleted(p: AccountDeletedProps) {
  return (
    <EmailLayout preview="Your Berth account was deleted">
      <Heading className="text-xl font-semibold">Your account was deleted</Heading>
      <Text>Hi {p.name}, your Berth account was deleted as you asked. You can no longer sign in with it.</Text>
      {p.subscriptionsEnded > 0 ? (
        <Text>
          Your {p.subscriptionsEnded} subscription{p.subscriptionsEnded === 1 ? "" : "s"} ended at once: you will not be
          billed again.
        </Text>
      ) : null}
      {p.instanceNames.length > 0 ? (
        <Text>
          Your instances ({p.instanceNames.join(", ")}) were terminated. Their final backups are kept for {p.backupDays}{" "}
          days, then deleted for good.
        </Text>
      ) : null}
      <Text>Your invoices are kept for as long as the law requires.</Text>
    </EmailLayout>
  );
}
AccountDeleted.PreviewProps = {
  name: "Ada",
  instanceNames: ["shop"],
  subscriptionsEnded: 1,
  backupDays: 30,
} satisfies AccountDeletedProps;
