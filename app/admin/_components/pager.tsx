import Link from "next/link";

// Keyset paging: "Next" carries the last row's cursor; "First page" drops it. There is no page count on purpose.
export function Pager({
  path,
  params,
  next,
  hasCursor,
}: {
  path: string;
  params: Record<string, string | undefined>;
  next: string | null;
  hasCursor: boolean;
}) {
  const href = (cursor?: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (cursor) q.set("cursor", cursor);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
      {hasCursor ? (
        <Link className="underline" href={href()}>
          First page
        </Link>
      ) : null}
      {next ? (
        <Link className="underline" href={href(next)}>
          Next page
        </Link>
      ) : (
        <span className="text-slate-500">End of list</span>
      )}
    </nav>
  );
}
