import Link from "next/link";
import { cn } from "@/lib/cn";
import { helpSections } from "./sections";

export function HelpNav({ current }: { current: string }) {
  return (
    <nav aria-labelledby="help-nav-heading" className="lg:sticky lg:top-6">
      <h2 id="help-nav-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        Help topics
      </h2>
      <ul className="mt-3 flex flex-wrap gap-2 lg:flex-col lg:gap-1">
        {helpSections.map((section) => {
          const active = section.slug === current;
          return (
            <li key={section.slug}>
              <Link
                href={`/help/${section.slug}`}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex min-h-10 items-center rounded-md px-3 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 lg:flex",
                  active
                    ? "bg-slate-900 font-medium text-white"
                    : "border border-slate-200 bg-white text-slate-700 hover:bg-slate-100 lg:border-transparent lg:bg-transparent",
                )}
              >
                {section.title}
              </Link>
            </li>
          );
        })}
      </ul>
      <p className="mt-6 text-sm text-slate-600">
        Can&apos;t find your answer?{" "}
        <Link href="/help/tickets" className="font-medium text-slate-900 underline underline-offset-4">
          Open a support ticket
        </Link>
        .
      </p>
    </nav>
  );
}
