"use client";

import { useActionState } from "react";
import { Field, inputClass } from "@/components/ui/field";
import { LatestFormMessage } from "@/components/ui/latest-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { BillingDetails } from "@/lib/billing/billing-details";
import { billingDetailsAction } from "../actions";

type Props = { current: BillingDetails | null; taxIdTypes: [string, string][] };

// The address and tax ID printed on invoices, kept on the Stripe customer.
export function BillingDetailsForm({ current, taxIdTypes }: Props) {
  const [state, action] = useActionState(billingDetailsAction, {});
  const a = current?.address;
  const value = (key: string, saved: string | undefined) => state.values?.[key] ?? saved ?? "";
  return (
    <form action={action} className="space-y-4" aria-label="Billing details">
      <LatestFormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="bd-line1"
          name="line1"
          label="Street address"
          defaultValue={value("line1", a?.line1)}
          required
          autoComplete="address-line1"
          maxLength={200}
        />
        <Field
          id="bd-line2"
          name="line2"
          label="Address line 2 (optional)"
          defaultValue={value("line2", a?.line2)}
          autoComplete="address-line2"
          maxLength={200}
        />
        <Field
          id="bd-city"
          name="city"
          label="City"
          defaultValue={value("city", a?.city)}
          required
          autoComplete="address-level2"
          maxLength={100}
        />
        <Field
          id="bd-postal"
          name="postalCode"
          label="Postal code"
          defaultValue={value("postalCode", a?.postalCode)}
          autoComplete="postal-code"
          maxLength={20}
        />
        <Field
          id="bd-state"
          name="state"
          label="State or region (optional)"
          defaultValue={value("state", a?.state)}
          autoComplete="address-level1"
          maxLength={100}
        />
        <Field
          id="bd-country"
          name="country"
          label="Country code"
          hint="Two letters, such as IE, DE or US."
          defaultValue={value("country", a?.country)}
          required
          autoComplete="country"
          maxLength={60}
        />
        <div className="space-y-1">
          <label htmlFor="bd-tax-type" className="block text-sm font-medium text-slate-800">
            Tax ID type
          </label>
          <select
            id="bd-tax-type"
            name="taxIdType"
            className={inputClass}
            // React does not apply a changed defaultValue to a mounted select: a new key remounts it.
            key={value("taxIdType", current?.taxId?.type)}
            defaultValue={value("taxIdType", current?.taxId?.type)}
          >
            <option value="">No tax ID</option>
            {taxIdTypes.map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="bd-tax-value"
          name="taxIdValue"
          label="Tax ID"
          hint="Such as IE6388047V for an EU VAT number."
          defaultValue={value("taxIdValue", current?.taxId?.value)}
          maxLength={40}
        />
      </div>
      <SubmitButton>Save billing details</SubmitButton>
    </form>
  );
}
