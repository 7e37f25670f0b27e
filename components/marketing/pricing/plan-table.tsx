import { monthlyPrice, planSpecs, type PlanSummary } from "./plan-facts";

export function PlanTable({ plans }: { plans: PlanSummary[] }) {
  if (plans.length === 0) return null;
  return (
    // Scrolls sideways on narrow screens; focusable so keyboard users can scroll it too.
    <div
      role="region"
      aria-labelledby="plan-table-caption"
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption id="plan-table-caption" className="sr-only">
          Plans compared by price, CPU, memory, disk and free trial
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <td className="px-4 py-3" />
            {plans.map((plan) => (
              <th key={plan.slug} scope="col" className="px-4 py-3 font-semibold text-slate-900">
                {plan.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          <tr>
            <th scope="row" className="px-4 py-3 font-medium text-slate-600">
              Price per month
            </th>
            {plans.map((plan) => (
              <td key={plan.slug} className="px-4 py-3 font-semibold text-slate-900">
                {monthlyPrice(plan)}
              </td>
            ))}
          </tr>
          {planSpecs.map((spec) => (
            <tr key={spec.label}>
              <th scope="row" className="px-4 py-3 font-medium text-slate-600">
                {spec.label}
              </th>
              {plans.map((plan) => (
                <td key={plan.slug} className="px-4 py-3 text-slate-900">
                  {spec.value(plan)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
