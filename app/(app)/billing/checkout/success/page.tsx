import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { syncCheckoutSession } from "@/lib/billing/sync";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Payment received" };

// Stripe sends the customer back here; syncing now means the instance is paid even before the webhook lands
// (whichever comes first does the work, the other finds it done).
export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<{ session_id?: string }>;
}) {
  const { session_id: sessionId = "" } = await searchParams;
  const user = await requireUser(`/billing/checkout/success?session_id=${encodeURIComponent(sessionId)}`);
  const result = await syncCheckoutSession(db, user.id, sessionId);
  if ("error" in result)
    return <Alert tone="error">{result.error} Your billing page shows what Stripe has recorded.</Alert>;
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-bold">
        {result.paid ? "Thank you: your subscription is active" : "Payment not completed yet"}
      </h1>
      <p className="mb-4 text-sm text-slate-600">
        {result.paid
          ? "Your instance is paid for. It keeps running, or starts now if it is new."
          : "Stripe has not confirmed the payment. You can try again from the instance page."}
      </p>
      {result.instanceId ? (
        <Link className="underline" href={`/instances/${result.instanceId}`}>
          Back to your instance
        </Link>
      ) : (
        <Link className="underline" href="/billing">
          Billing
        </Link>
      )}
    </Card>
  );
}
