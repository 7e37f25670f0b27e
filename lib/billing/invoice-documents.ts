import { and, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, invoiceDocuments, invoices } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueue } from "@/jobs/engine";
import { renderInvoicePdf as renderInvoicePdfJob } from "@/jobs/contracts";
import { readBillingDetails } from "./billing-details";
import { renderInvoicePdf } from "./invoice-pdf";

// A PDF is made once an invoice is final: when it is issued (open) and again when it is paid.
const DOCUMENTED = ["open", "paid"];

const operator = () => ({ name: env.OPERATOR_NAME, address: env.OPERATOR_ADDRESS, taxId: env.OPERATOR_TAX_ID ?? null });

// Renders the invoice's PDF for its current status and stores it; a retry or a duplicate finds it done.
export async function storeInvoicePdf(db: Db, invoiceId: string) {
  const [row] = await db
    .select({ invoice: invoices, instanceName: instances.name, documented: invoiceDocuments.status })
    .from(invoices)
    .leftJoin(instances, eq(instances.id, invoices.instanceId))
    .leftJoin(invoiceDocuments, eq(invoiceDocuments.invoiceId, invoices.id))
    .where(eq(invoices.id, invoiceId));
  if (!row || !DOCUMENTED.includes(row.invoice.status)) return { skipped: true as const };
  if (row.documented === row.invoice.status) return { skipped: true as const };
  const customer = (await readBillingDetails(db, row.invoice.userId)) ?? {
    name: row.invoice.customerName,
    email: row.invoice.customerEmail,
    address: null,
    taxId: null,
  };
  const pdf = Buffer.from(
    await renderInvoicePdf({ operator: operator(), customer, invoice: row.invoice, instanceName: row.instanceName }),
  );
  const values = { invoiceId, status: row.invoice.status, pdf, renderedAt: new Date() };
  await db
    .insert(invoiceDocuments)
    .values(values)
    .onConflictDoUpdate({ target: invoiceDocuments.invoiceId, set: values });
  return { skipped: false as const, bytes: pdf.length };
}

// After a sync: each final invoice of the account whose PDF is missing or was made for an earlier status.
export async function enqueueInvoicePdfs(db: Db, userId: string) {
  const due = await db
    .select({ id: invoices.id, status: invoices.status })
    .from(invoices)
    .leftJoin(invoiceDocuments, eq(invoiceDocuments.invoiceId, invoices.id))
    .where(
      and(
        eq(invoices.userId, userId),
        inArray(invoices.status, DOCUMENTED),
        or(isNull(invoiceDocuments.invoiceId), ne(invoiceDocuments.status, invoices.status)),
      ),
    );
  for (const i of due)
    await enqueue(renderInvoicePdfJob, { invoiceId: i.id }, { idempotencyKey: `invoice-pdf:${i.id}:${i.status}` });
  return due.length;
}

// The PDF, to the invoice's owner only.
export async function ownerInvoicePdf(db: Db, userId: string, invoiceId: string) {
  const [row] = await db
    .select({ pdf: invoiceDocuments.pdf, number: invoices.number })
    .from(invoiceDocuments)
    .innerJoin(invoices, eq(invoices.id, invoiceDocuments.invoiceId))
    .where(and(eq(invoiceDocuments.invoiceId, invoiceId), eq(invoices.userId, userId)));
  return row ?? null;
}

export async function hasInvoicePdf(db: Db, invoiceId: string) {
  const [row] = await db
    .select({ id: invoiceDocuments.invoiceId })
    .from(invoiceDocuments)
    .where(eq(invoiceDocuments.invoiceId, invoiceId));
  return !!row;
}
