import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HelpNav } from "@/components/marketing/help/help-nav";
import { findHelpSection, helpSections } from "@/components/marketing/help/sections";
import { Container } from "@/components/marketing/section";
import { SignupCta } from "@/components/marketing/signup-cta";

type Props = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export function generateStaticParams() {
  return helpSections.map((section) => ({ slug: section.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = findHelpSection((await params).slug);
  if (!section) return { title: "Help" };
  return { title: `${section.title} · Help`, description: section.summary };
}

export default async function HelpSectionPage({ params }: Props) {
  const section = findHelpSection((await params).slug);
  if (!section) notFound();
  const { Content } = section;

  return (
    <>
      <div className="border-b border-slate-200 bg-white">
        <Container className="py-10 sm:py-12">
          <nav aria-label="Breadcrumb">
            <ol className="flex items-center gap-2 text-sm text-slate-500">
              <li>
                <Link href="/help" className="underline-offset-4 hover:text-slate-900 hover:underline">
                  Help
                </Link>
              </li>
              <li aria-hidden>/</li>
              <li aria-current="page" className="text-slate-700">
                {section.title}
              </li>
            </ol>
          </nav>
          <h1 className="mt-3 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{section.title}</h1>
          <p className="mt-3 max-w-2xl text-lg text-slate-600">{section.summary}</p>
        </Container>
      </div>
      <Container className="grid gap-10 py-12 lg:grid-cols-[14rem_1fr] lg:gap-12">
        <aside>
          <HelpNav current={section.slug} />
        </aside>
        <article className="min-w-0 max-w-3xl">
          <Content />
        </article>
      </Container>
      <SignupCta />
    </>
  );
}
