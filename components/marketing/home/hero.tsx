import { ButtonLink } from "@/components/ui/button";
import { Container } from "../section";

export function Hero() {
  return (
    <div className="border-b border-slate-200 bg-white">
      <Container className="grid gap-12 py-16 sm:py-24 lg:grid-cols-2 lg:items-center">
        <div className="min-w-0">
          <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">Managed app hosting</p>
          <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Your app, a packaged service or a static site, on an instance we run for you.
          </h1>
          <p className="mt-6 max-w-xl text-lg text-slate-600">
            Pick a plan and a stack. Berth provisions a real container, checks that it answers and that SSH works, then
            emails you its address. Start with a free trial instance: no card needed.
          </p>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            <ButtonLink href="/signup">Start free trial</ButtonLink>
            <ButtonLink href="/pricing" variant="secondary">
              See pricing
            </ButtonLink>
          </div>
          <p className="mt-4 text-sm text-slate-500">
            One free trial instance per verified account. Upgrade when you like.
          </p>
        </div>
        <ReadyEmailPreview />
      </Container>
    </div>
  );
}

// An example of the "ready" email, so visitors see what they get before signing up.
function ReadyEmailPreview() {
  return (
    <figure className="min-w-0 rounded-xl border border-slate-200 bg-slate-50 p-2 shadow-sm">
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <p className="text-sm font-semibold text-slate-900">Your instance my-shop is ready</p>
        <p className="mt-2 text-sm text-slate-600">
          Its health check answers and SSH works. Open it at{" "}
          <span className="font-mono text-slate-900">https://my-shop.example</span> or sign in with:
        </p>
        <pre className="mt-4 overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-sm text-slate-100">
          <code>ssh -p 2201 my-shop@ssh.berth.example</code>
        </pre>
      </div>
      <figcaption className="px-3 pb-1 pt-3 text-xs text-slate-500">
        Example of the email you get once your instance truly works.
      </figcaption>
    </figure>
  );
}
