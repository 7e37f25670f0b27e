import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Instance, Plan } from "@/db/schema";
import { formatMoney } from "@/lib/format";
import { checkoutAction } from "../billing-actions";

// For a trial (Upgrade keeps the same instance and data) and an instance still waiting for payment.
export function UpgradePanel({ instance, plan, canceled }: { instance: Instance; plan: Plan; canceled: boolean }) {
  const pending = instance.status === "pending_payment";
  const price = `${formatMoney(plan.priceCents, plan.currency)} a month`;
  return (
    <Card>
      <CardHeader
        title={pending ? "Waiting for payment" : "Upgrade to a paid plan"}
        description={
          pending
            ? `Nothing is provisioned until the first payment (${price}) goes through.${canceled ? " Checkout was canceled; you can try again. Unpaid instances are removed after an hour." : ""}`
            : `Keep this instance and its data after the trial: ${plan.name}, ${price}.`
        }
      />
      <ActionForm action={checkoutAction} label={pending ? "Pay" : "Upgrade"}>
        <input type="hidden" name="instanceId" value={instance.id} />
        <SubmitButton>{pending ? "Continue to payment" : "Upgrade"}</SubmitButton>
      </ActionForm>
    </Card>
  );
}
