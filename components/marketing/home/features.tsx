const features = [
  {
    title: "SSH with your keys",
    body: "Upload your public keys and sign in to each instance with a plain ssh command.",
  },
  {
    title: "Backups and restore",
    body: "Take a backup before a risky change and restore it if things go wrong.",
  },
  {
    title: "Resize live",
    body: "Move an instance to another plan when your needs change; it keeps its address and data.",
  },
  {
    title: "Invoices and a billing portal",
    body: "One subscription per instance, paid through Stripe. Download invoices and update your card yourself.",
  },
  {
    title: "Support tickets",
    body: "Open a ticket from your dashboard and get an email whenever we reply.",
  },
  {
    title: "Checked before we say it's ready",
    body: "We only email you once the health check answers and SSH really works.",
  },
] as const;

export function Features() {
  return (
    <ul className="grid gap-x-8 gap-y-10 sm:grid-cols-2 lg:grid-cols-3">
      {features.map((feature) => (
        <li key={feature.title} className="border-l-2 border-slate-300 pl-4">
          <h3 className="font-semibold text-slate-900">{feature.title}</h3>
          <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
        </li>
      ))}
    </ul>
  );
}
