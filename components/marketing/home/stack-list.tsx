import type { Stack } from "@/db/schema";

type StackSummary = Pick<Stack, "slug" | "name" | "kind" | "description">;

const groups: { kind: Stack["kind"]; title: string; lead: string }[] = [
  { kind: "runtime", title: "App servers", lead: "Bring your own code; we run the server for it." },
  { kind: "app", title: "Packaged services", lead: "Ready-to-use software, set up for you." },
  { kind: "static", title: "Static sites", lead: "Plain files, served fast." },
];

// Stack descriptions mark commands with backticks; show those as code.
function withInlineCode(text: string) {
  return text.split("`").map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

export function StackList({ stacks }: { stacks: StackSummary[] }) {
  if (stacks.length === 0) {
    return <p className="text-slate-600">Stacks are being updated. Please check back shortly.</p>;
  }
  return (
    <div className="grid gap-10 lg:grid-cols-3">
      {groups.map((group) => {
        const items = stacks.filter((stack) => stack.kind === group.kind);
        if (items.length === 0) return null;
        return (
          <div key={group.kind}>
            <h3 className="text-lg font-semibold text-slate-900">{group.title}</h3>
            <p className="mt-1 text-sm text-slate-600">{group.lead}</p>
            <ul className="mt-4 space-y-3">
              {items.map((stack) => (
                <li key={stack.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <h4 className="font-semibold text-slate-900">{stack.name}</h4>
                  <p className="mt-1 text-sm text-slate-600">{withInlineCode(stack.description)}</p>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
