import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Invoice } from "@/db/schema";
import { formatDate, formatMoney } from "@/lib/format";
import { TAX_ID_TYPES, type BillingDetails } from "./billing-details";

export type Operator = { name: string; address: string[]; taxId: string | null };

type PdfInput = { operator: Operator; customer: BillingDetails; invoice: Invoice; instanceName: string | null };

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
// The standard fonts encode WinAnsi only: anything else prints as "?" rather than failing the whole invoice.
const printable = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u20ac]/g, "?");

// Berth's own invoice: who issues it, who it is made out to, its lines and totals, as one A4 page (or more).
export async function renderInvoicePdf({ operator, customer, invoice: i, instanceName }: PdfInput) {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${i.number ?? i.stripeInvoiceId}`);
  doc.setAuthor(operator.name);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const text = (s: string, x: number, o: { f?: PDFFont; size?: number; right?: boolean } = {}) => {
    const f = o.f ?? font;
    const size = o.size ?? 10;
    const t = printable(s);
    page.drawText(t, { x: o.right ? x - f.widthOfTextAtSize(t, size) : x, y, size, font: f, color: rgb(0, 0, 0) });
  };
  const next = (gap = 14) => {
    y -= gap;
    if (y < MARGIN) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
  };
  const right = A4.width - MARGIN;
  const money = (cents: number) => formatMoney(cents, i.currency);
  const day = (d: Date | string | null) => (d ? formatDate(d) : "-");

  text(operator.name, MARGIN, { f: bold, size: 16 });
  text(`Invoice ${i.number ?? "(draft)"}`, right, { f: bold, size: 16, right: true });
  next(20);
  const meta = [
    `Date: ${day(i.stripeCreatedAt)}`,
    i.paidAt ? `Paid: ${day(i.paidAt)}` : `Due: ${day(i.dueDate ?? i.nextPaymentAttempt)}`,
    `Period: ${day(i.periodStart)} – ${day(i.periodEnd)}`,
  ];
  const from = [...operator.address, ...(operator.taxId ? [`Tax ID: ${operator.taxId}`] : [])];
  for (let n = 0; n < Math.max(from.length, meta.length); n++) {
    if (from[n]) text(from[n]!, MARGIN);
    if (meta[n]) text(meta[n]!, right, { right: true });
    next();
  }
  next(16);
  text("Bill to", MARGIN, { f: bold });
  next();
  const a = customer.address;
  const to = [
    customer.name ?? i.customerName,
    customer.email ?? i.customerEmail,
    a?.line1,
    a?.line2,
    a ? [a.postalCode, a.city].filter(Boolean).join(" ") : null,
    a?.state,
    a?.country,
    customer.taxId
      ? `${TAX_ID_TYPES[customer.taxId.type as keyof typeof TAX_ID_TYPES] ?? "Tax ID"}: ${customer.taxId.value}`
      : null,
  ].filter((l): l is string => !!l);
  for (const l of to) {
    text(l, MARGIN);
    next();
  }
  if (instanceName) {
    next(6);
    text(`Instance: ${instanceName}`, MARGIN);
    next();
  }
  next(16);
  text("Description", MARGIN, { f: bold });
  text("Period", 330, { f: bold });
  text("Amount", right, { f: bold, right: true });
  next(6);
  rule(page, y, right);
  next(12);
  for (const l of i.lines) {
    text(`${l.description}${l.proration ? " (prorated)" : ""}`.slice(0, 60), MARGIN);
    text(`${day(l.periodStart)} – ${day(l.periodEnd)}`, 330);
    text(money(l.amount), right, { right: true });
    next();
  }
  next(4);
  rule(page, y + 8, right);
  next(6);
  const totals: [string, string][] = [
    ["Subtotal", money(i.subtotal)],
    ...i.discounts.map((d): [string, string] => [
      d.name === "Discount" ? "Discount" : `Discount (${d.name})`,
      `-${money(d.amount)}`,
    ]),
    ["Tax", money(i.tax)],
    ["Total", money(i.total)],
    ...(i.startingBalance ? [["Applied balance", money(i.startingBalance)] as [string, string]] : []),
    ["Amount paid", money(i.amountPaid)],
    ...(i.creditedAmount ? [["Refunded", `-${money(i.creditedAmount)}`] as [string, string]] : []),
    ["Amount remaining", money(i.amountRemaining)],
  ];
  for (const [label, value] of totals) {
    const f = label === "Total" ? bold : font;
    text(label, 400, { f });
    text(value, right, { f, right: true });
    next();
  }
  return doc.save();
}

function rule(page: PDFPage, y: number, right: number) {
  page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
}
