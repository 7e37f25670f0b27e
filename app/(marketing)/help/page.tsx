import type { Metadata } from "next";
import Link from "next/link";
import { helpSections } from "@/components/marketing/help/sections";
import { Container, PageIntro } from "@/components/marketing/section";
import { SignupCta } from "@/components/marketing/signup-cta";

export const metadata: Metadata = {
  title: "Help",
  description:
    "How Berth works: getting started, SSH keys, instances, billing and the free trial, support tickets and your account.",
};

export default function HelpIndexPage() {
  return (
    <>
      <PageIntro
        eyebrow="Help"
        title="How can we help?"
        lead="Everything you need to run an instance on Berth, from your first SSH key to your invoices."
      />
      <section aria-labelledby="help-topics-heading" className="py-14 sm:py-16">
        <Container>
          <h2 id="help-topics-heading" className="sr-only">
            Help topics
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {helpSections.map((section) => (
              <li key={section.slug}>
                <Link
                  href={`/help/${section.slug}`}
                  className="group block h-full rounded-lg border border-slate-200 bg-white p-6 shadow-sm transition-colors hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
                >
                  <h3 className="font-semibold text-slate-900 group-hover:underline group-hover:underline-offset-4">
                    {section.title}
                  </h3>
                  <p className="mt-2 text-sm text-slate-600">{section.summary}</p>
                </Link>
              </li>
            ))}
          </ul>
          <p className="mt-10 text-sm text-slate-600">
            Still stuck? Signed-in customers can{" "}
            <Link href="/help/tickets" className="font-medium text-slate-900 underline underline-offset-4">
              open a support ticket
            </Link>
            .
          </p>
        </Container>
      </section>
      <SignupCta title="Ready to try it?" />
    </>
  );
}
