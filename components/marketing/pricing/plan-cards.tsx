import { ButtonLink } from "@/components/ui/button";
import { monthlyPrice, planSpecs, type PlanSummary } from "./plan-facts";

export function PlanCards({ plans }: { plans: PlanSummary[] }) {
  if (plans.length === 0) {
    return <p className="text-slate-600">Plans are being updated. Please check back shortly.</p>;
  }
  return (
    <ul className="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
      {plans.map((plan) => (
        <li key={plan.slug} className="flex flex-col rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h3 className="text-lg font-semibold text-slate-900">{plan.name}</h3>
          {plan.description ? <p className="mt-1 text-sm text-slate-600">{plan.description}</p> : null}
          <p className="mt-5">
            <span className="text-4xl font-bold tracking-tight text-slate-900">{monthlyPrice(plan)}</span>
            <span className="text-sm text-slate-600"> per month, per instance</span>
          </p>
          <dl className="mt-6 divide-y divide-slate-100 border-y border-slate-100 text-sm">
            {planSpecs.map((spec) => (
              <div key={spec.label} className="flex justify-between gap-4 py-2">
                <dt className="text-slate-600">{spec.label}</dt>
                <dd className="font-medium text-slate-900">{spec.value(plan)}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-6 flex flex-1 items-end">
            <ButtonLink href="/signup" variant={plan.trialDays > 0 ? "primary" : "secondary"} className="w-full">
              {plan.trialDays > 0 ? "Start free trial" : "Sign up"}
              <span className="sr-only"> with the {plan.name} plan</span>
            </ButtonLink>
          </div>
        </li>
      ))}
    </ul>
  );
}
