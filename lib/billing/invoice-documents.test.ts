import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, getDocumentProxy } from "unpdf";
import { db } from "@/lib/db";
import { invoiceDocuments, invoices } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { waitFor } from "@/test/instances/world";
import { completeCheckout, customer, trialInstance } from "@/test/billing/helpers";
import { env } from "@/lib/env";
import { saveBillingDetails } from "./billing-details";
import { startCheckout } from "./checkout";
import { ownerInvoicePdf, storeInvoicePdf } from "./invoice-documents";
import { syncCheckoutSession } from "./sync";

let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

const textOf = async (pdf: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text.replace(/\s+/g, " ");

describe("Berth's PDF invoices", () => {
  it(
    "renders a paid invoice once, with the operator and the customer's billing details, for its owner only",
    { timeout: 60_000 },
    async () => {
      const user = await customer("pdf");
      const stranger = await customer("pdf-stranger");
      expect(
        await saveBillingDetails(db, user.id, {
          line1: "3 Mill Lane",
          line2: "",
          city: "Cork",
          postalCode: "T12 AB34",
          state: "",
          country: "IE",
          taxIdType: "eu_vat",
          taxIdValue: "IE6388047V",
        }),
      ).toEqual({ success: "Billing details saved. They appear on your next invoices." });
      const trial = await trialInstance(user.id);
      const checkout = await startCheckout(db, user.id, trial.id);
      if ("error" in checkout) throw new Error(checkout.error);
      expect((await completeCheckout(checkout.sessionId)).status).toBe(200);
      await syncCheckoutSession(db, user.id, checkout.sessionId);
      const [invoice] = await db.select().from(invoices).where(eq(invoices.userId, user.id));
      expect(invoice!.status).toBe("paid");

      const doc = await waitFor("the invoice PDF", () => ownerInvoicePdf(db, user.id, invoice!.id), 20_000);
      const text = await textOf(doc.pdf);
      expect(text).toContain(env.OPERATOR_NAME);
      expect(text).toContain("3 Mill Lane");
      expect(text).toContain("T12 AB34 Cork");
      expect(text).toContain("EU VAT number: IE6388047V");
      expect(text).toMatch(new RegExp(`Total \\$${invoice!.total / 100}\\b`));
      expect(await ownerInvoicePdf(db, stranger.id, invoice!.id)).toBeNull();

      // Again for the same status: nothing is rendered twice.
      const [before] = await db.select().from(invoiceDocuments).where(eq(invoiceDocuments.invoiceId, invoice!.id));
      expect(await storeInvoicePdf(db, invoice!.id)).toEqual({ skipped: true });
      const [after] = await db.select().from(invoiceDocuments).where(eq(invoiceDocuments.invoiceId, invoice!.id));
      expect(after!.renderedAt).toEqual(before!.renderedAt);
    },
  );
});
