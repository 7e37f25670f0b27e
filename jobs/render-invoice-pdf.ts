import { db } from "@/lib/db";
import { storeInvoicePdf } from "@/lib/billing/invoice-documents";
import { renderInvoicePdf as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Berth's own PDF of an invoice that was issued or paid, stored with the invoice.
export const renderInvoicePdf = defineJob(contract, {
  async run({ invoiceId }) {
    return storeInvoicePdf(db, invoiceId);
  },
});
