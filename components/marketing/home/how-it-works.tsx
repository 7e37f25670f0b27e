const steps = [
  { title: "Sign up", body: "Create an account with your name, email and a password." },
  { title: "Verify your email", body: "Open the link we send you. A verified email unlocks your free trial." },
  {
    title: "Start a free trial instance",
    body: "Choose a plan and a stack, and add your SSH public key. No card needed for the trial.",
  },
  {
    title: "Get the “ready” email",
    body: "We email you once the health check answers and SSH works, with the instance's URL and its ssh command.",
  },
  {
    title: "Upgrade when you like",
    body: "Move to a paid plan through Stripe. You keep the same instance, address and data.",
  },
] as const;

export function HowItWorks() {
  return (
    <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      {steps.map((step, index) => (
        <li key={step.title} className="relative rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <span
            aria-hidden
            className="grid h-8 w-8 place-items-center rounded-full bg-slate-900 text-sm font-semibold text-white"
          >
            {index + 1}
          </span>
          <h3 className="mt-4 font-semibold text-slate-900">{step.title}</h3>
          <p className="mt-2 text-sm text-slate-600">{step.body}</p>
        </li>
      ))}
    </ol>
  );
}
