import type { Metadata } from "next";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { termsSections, termsUpdated } from "@/components/marketing/legal/terms-content";
import { SignupCta } from "@/components/marketing/signup-cta";

export const metadata: Metadata = {
  title: "Terms of service",
  description: "The plain-language terms for using Berth: accounts, trials, payment, acceptable use and your content.",
};

export default function TermsPage() {
  return (
    <>
      <LegalDocument
        title="Terms of service"
        lead="The rules for using Berth, in plain language. They cover your account, trials and payment, acceptable use and your content."
        updated={termsUpdated}
        sections={termsSections}
      />
      <SignupCta secondary={{ href: "/help", label: "Read the help" }} />
    </>
  );
}
