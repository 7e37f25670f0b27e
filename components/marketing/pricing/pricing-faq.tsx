const questions = [
  {
    q: "How am I billed?",
    a: "Per instance, monthly. Each paid instance has its own subscription at its plan's price, paid through Stripe. You get an invoice for every payment.",
  },
  {
    q: "Do I need a card to try Berth?",
    a: "No. Your free trial instance needs only a verified email. You add a card when you upgrade an instance to a paid plan.",
  },
  {
    q: "What happens when my trial ends?",
    a: "We remind you before it ends. If you haven't upgraded by then, the instance is suspended and its data is kept. Upgrade to bring it back; if you don't, it is deleted after the retention period.",
  },
  {
    q: "Can I cancel?",
    a: "Yes, at any time. Cancelling ends the subscription at the end of the period you've already paid for, so the instance keeps running until then.",
  },
  {
    q: "How many free trials can I have?",
    a: "One trial instance per verified account. Plans without a free trial start as paid instances.",
  },
  {
    q: "Can I change plans later?",
    a: "Yes. Resize an instance to another plan from your dashboard; it keeps its address and data, and its subscription moves to the new plan.",
  },
] as const;

export function PricingFaq() {
  return (
    <dl className="grid gap-x-10 gap-y-8 md:grid-cols-2">
      {questions.map((item) => (
        <div key={item.q}>
          <dt className="font-semibold text-slate-900">{item.q}</dt>
          <dd className="mt-2 text-sm text-slate-600">{item.a}</dd>
        </div>
      ))}
    </dl>
  );
}
