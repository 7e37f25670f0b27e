import Link from "next/link";
import { cn } from "@/lib/cn";

// Small typographic building blocks for help articles (there is no typography plugin in this project).
type Children = { children: React.ReactNode };

export function H2({ id, children }: Children & { id: string }) {
  return (
    <h2 id={id} className="mt-10 scroll-mt-6 text-xl font-semibold text-slate-900 first:mt-0">
      {children}
    </h2>
  );
}

export function P({ children }: Children) {
  return <p className="mt-3 leading-7 text-slate-700">{children}</p>;
}

export function Code({ children }: Children) {
  return (
    <code className="break-words rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-900">
      {children}
    </code>
  );
}

export function CodeBlock({ children }: Children) {
  return (
    <pre className="mt-3 overflow-x-auto rounded-md bg-slate-900 p-4 font-mono text-sm leading-6 text-slate-100">
      <code>{children}</code>
    </pre>
  );
}

export function List({ children, ordered = false }: Children & { ordered?: boolean }) {
  const className = cn("mt-3 space-y-2 pl-6 leading-7 text-slate-700", ordered ? "list-decimal" : "list-disc");
  return ordered ? <ol className={className}>{children}</ol> : <ul className={className}>{children}</ul>;
}

export function Note({ children }: Children) {
  return (
    <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm leading-6 text-amber-900">
      {children}
    </div>
  );
}

export function Terms({ items }: { items: { term: React.ReactNode; description: React.ReactNode }[] }) {
  return (
    <dl className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
      {items.map((item, index) => (
        <div key={index} className="grid gap-1 px-4 py-3 sm:grid-cols-[10rem_1fr] sm:gap-4">
          <dt className="font-medium text-slate-900">{item.term}</dt>
          <dd className="text-sm leading-6 text-slate-700">{item.description}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HelpLink({ href, children }: Children & { href: string }) {
  return (
    <Link href={href} className="font-medium text-slate-900 underline underline-offset-4 hover:text-slate-600">
      {children}
    </Link>
  );
}
