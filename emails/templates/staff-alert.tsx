import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type StaffAlertProps = { title: string; lines: string[]; link: string };

export const subject = (p: StaffAlertProps) => `[Berth staff] ${p.title}`;

export default function StaffAlert(p: StaffAlertProps) {
  return (
    <EmailLayout preview={p.title}>
      <Heading className="text-xl font-semibold">{p.title}</Heading>
      {p.lines.map((line) => (
        <Text key={line} className="my-1">
          {line}
        </Text>
      ))}
      <ActionButton href={p.link} label="Open admin" />
    </EmailLayout>
  );
}
StaffAlert.PreviewProps = {
  title: "Instance shop-x7k2q failed to start",
  lines: ["Owner: ada@example.com", "Reason: the health check answered 502"],
  link: "http://localhost:3000/admin",
} satisfies StaffAlertProps;
