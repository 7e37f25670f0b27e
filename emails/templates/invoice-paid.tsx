import { Heading, Text } from "@react-email/components";
import { ActionButton } from "../components/action-button";
import { EmailLayout } from "../components/email-layout";

type InvoicePaidProps = {
  name: string;
  amount: string;
  invoiceNumber: string;
  instanceName: string | null;
  invoiceUrl: string;
};

const forInstance = (p: InvoicePaidProps) => (p.instanceName ? ` for ${p.instanceName}` : "");

export const subject = (p: InvoicePaidProps) =>
  `Receipt: ${p.amount} paid${forInstance(p)} (invoice ${p.invoiceNumber})`;

export default function InvoicePaid(p: InvoicePaidProps) {
  return (
    <EmailLayout preview={`We received your payment of ${p.amount}`}>
      <Heading className="text-xl font-semibold">Thank you for your payment</Heading>
      <Text>
        Hi {p.name}, we received {p.amount}
        {p.instanceName ? <> for your instance {p.instanceName}</> : null} (invoice {p.invoiceNumber}). The invoice, its
        lines and a PDF are on your billing page.
      </Text>
      <ActionButton href={p.invoiceUrl} label="View the invoice" />
    </EmailLayout>
  );
}
InvoicePaid.PreviewProps = {
  name: "Ada",
  amount: "$12.00",
  invoiceNumber: "BERTH-0001",
  instanceName: "my-shop",
  invoiceUrl: "http://localhost:3000/billing/invoices/1",
} satisfies InvoicePaidProps;
