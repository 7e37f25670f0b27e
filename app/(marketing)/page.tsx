import type { Metadata } from "next";
import { Features } from "@/components/marketing/home/features";
import { Hero } from "@/components/marketing/home/hero";
import { HowItWorks } from "@/components/marketing/home/how-it-works";
import { StackList } from "@/components/marketing/home/stack-list";
import { Section } from "@/components/marketing/section";
import { SignupCta } from "@/components/marketing/signup-cta";
import { db } from "@/lib/db";
import { listActiveStacks } from "@/lib/catalog/queries";

// The stacks come from the database, which the build machine doesn't have.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { absolute: "Berth: managed app hosting" },
  description:
    "Managed instances for your Node.js, Python or Ruby app, a Gitea server or a static site. Start a free trial instance with no card.",
};

export default async function HomePage() {
  const stacks = await listActiveStacks(db);
  return (
    <>
      <Hero />
      <Section
        id="stacks"
        title="Pick a stack"
        lead="Every instance runs one stack in its own container, with its own disk, URL and SSH access."
      >
        <StackList stacks={stacks} />
      </Section>
      <Section
        id="how-it-works"
        title="How it works"
        lead="From sign-up to a working instance without talking to anyone, and without a card until you upgrade."
        className="border-y border-slate-200 bg-white"
      >
        <HowItWorks />
      </Section>
      <Section id="features" title="Everything you need to run it" lead="The day-two tools come with every instance.">
        <Features />
      </Section>
      <SignupCta />
    </>
  );
}
