import { z } from "zod";
import { db } from "@/lib/db";
import { ownerInvoicePdf } from "@/lib/billing/invoice-documents";
import { currentUser } from "@/lib/session";

const notFound = () => new Response("Not found", { status: 404 });

// GET /billing/invoices/:id/pdf – Berth's PDF of the invoice, to its owner only
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user || !z.uuid().safeParse(id).success) return notFound();
  const doc = await ownerInvoicePdf(db, user.id, id);
  if (!doc) return notFound();
  const name = `invoice-${(doc.number ?? id).replace(/[^\w-]/g, "")}.pdf`;
  return new Response(new Uint8Array(doc.pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-length": String(doc.pdf.length),
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
}
