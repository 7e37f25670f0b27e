import type { Metadata } from "next";
import Link from "next/link";
import { PlanCards } from "@/components/marketing/pricing/plan-cards";
import { PlanTable } from "@/components/marketing/pricing/plan-table";
import { PricingFaq } from "@/components/marketing/pricing/pricing-faq";
import { Container, PageIntro, Section } from "@/components/marketing/section";
import { SignupCta } from "@/components/marketing/signup-cta";
import { db } from "@/lib/db";
import { listActivePlans } from "@/lib/catalog/queries";

// The plans come from the database, which the build machine doesn't have.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Pricing",
  description:
    "Simple monthly pricing per instance. Start with a free trial instance, no card needed, and upgrade through Stripe when you're ready.",
};

export default async function PricingPage() {
  const plans = await listActivePlans(db);
  return (
    <>
      <PageIntro
        eyebrow="Pricing"
        title="Simple monthly pricing, per instance"
        lead="Every instance has its own plan and its own subscription. Start with a free trial, no card needed, and upgrade when you're ready: you keep the same instance and data."
      />
      <section aria-labelledby="plans-heading" className="py-14 sm:py-16">
        <Container>
          <h2 id="plans-heading" className="sr-only">
            Plans
          </h2>
          <PlanCards plans={plans} />
          <p className="mt-6 text-sm text-slate-600">
            Prices are per instance, per month. You choose the stack separately when you create the instance.
          </p>
        </Container>
      </section>
      {plans.length > 0 ? (
        <Section id="compare" title="Compare plans" className="border-y border-slate-200 bg-white">
          <PlanTable plans={plans} />
        </Section>
      ) : null}
      <Section
        id="faq"
        title="Questions about billing"
        lead={
          <>
            The full rules are in the{" "}
            <Link href="/help/billing" className="font-medium text-slate-900 underline underline-offset-4">
              billing help
            </Link>
            .
          </>
        }
      >
        <PricingFaq />
      </Section>
      <SignupCta
        title="Start with a free trial instance"
        secondary={{ href: "/help/billing", label: "Read the billing help" }}
      />
    </>
  );
}
