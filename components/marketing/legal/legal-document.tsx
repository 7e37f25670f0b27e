import { Container, PageIntro } from "../section";

export type LegalSection = { id: string; title: string; body: React.ReactNode };

// Shared shell for the terms and the privacy policy: intro, a table of contents, then numbered sections.
export function LegalDocument({
  title,
  lead,
  updated,
  sections,
}: {
  title: string;
  lead: string;
  updated: string;
  sections: readonly LegalSection[];
}) {
  return (
    <>
      <PageIntro eyebrow="Legal" title={title} lead={lead}>
        <p className="mt-4 text-sm text-slate-500">Last updated {updated}</p>
      </PageIntro>
      <Container className="grid gap-10 py-12 lg:grid-cols-[16rem_1fr] lg:gap-12">
        <nav aria-labelledby="legal-toc-heading" className="lg:sticky lg:top-6 lg:self-start">
          <h2 id="legal-toc-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Contents
          </h2>
          <ol className="mt-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {sections.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`} className="underline-offset-4 hover:text-slate-900 hover:underline">
                  {section.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="min-w-0 max-w-3xl space-y-10">
          {sections.map((section, index) => (
            <section key={section.id} id={section.id} aria-labelledby={`${section.id}-heading`} className="scroll-mt-6">
              <h2 id={`${section.id}-heading`} className="text-xl font-semibold text-slate-900">
                {index + 1}. {section.title}
              </h2>
              <div className="mt-3 space-y-3 leading-7 text-slate-700 [&_li]:mt-1 [&_ul]:list-disc [&_ul]:pl-6">
                {section.body}
              </div>
            </section>
          ))}
        </div>
      </Container>
    </>
  );
}
