import { ButtonLink } from "@/components/ui/button";
import { Container } from "./section";

// Closes every public page, so a visitor can start a trial wherever they finish reading.
export function SignupCta({
  title = "Try Berth on a real instance",
  secondary = { href: "/pricing", label: "See pricing" },
}: {
  title?: string;
  secondary?: { href: string; label: string };
}) {
  return (
    <section aria-labelledby="signup-cta-heading" className="py-14 sm:py-20">
      <Container>
        <div className="rounded-2xl border border-slate-200 bg-white px-6 py-10 shadow-sm sm:px-10 sm:py-12 lg:flex lg:items-center lg:justify-between lg:gap-10">
          <div className="max-w-2xl">
            <h2 id="signup-cta-heading" className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
              {title}
            </h2>
            <p className="mt-3 text-slate-600">
              Sign up, verify your email and start one free trial instance. No card needed: you only add one when you
              upgrade to a paid plan.
            </p>
          </div>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row lg:mt-0 lg:shrink-0">
            <ButtonLink href="/signup">Start free trial</ButtonLink>
            <ButtonLink href={secondary.href} variant="secondary">
              {secondary.label}
            </ButtonLink>
          </div>
        </div>
      </Container>
    </section>
  );
}
