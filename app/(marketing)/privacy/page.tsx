import type { Metadata } from "next";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { privacySections, privacyUpdated } from "@/components/marketing/legal/privacy-content";
import { SignupCta } from "@/components/marketing/signup-cta";

export const metadata: Metadata = {
  title: "Privacy policy",
  description:
    "What personal data Berth collects, who processes it (including Stripe for billing), how long it is kept and how to contact us.",
};

export default function PrivacyPage() {
  return (
    <>
      <LegalDocument
        title="Privacy policy"
        lead="What we collect to run Berth, who processes it, how long we keep it and how to reach us."
        updated={privacyUpdated}
        sections={privacySections}
      />
      <SignupCta secondary={{ href: "/help", label: "Read the help" }} />
    </>
  );
}
