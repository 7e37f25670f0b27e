import { Fragment } from "react";
import { linkify } from "@/lib/support/linkify";

// A message as plain text: React escapes every character, so markup a customer writes shows as text and never runs.
export function MessageBody({ body }: { body: string }) {
  const lines = body.split(/\r\n|\r|\n/);
  return (
    <div className="text-sm leading-relaxed text-slate-800 [overflow-wrap:anywhere]">
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {linkify(line).map((s, j) =>
            s.kind === "link" ? (
              <a
                key={j}
                href={s.href}
                rel="nofollow noopener noreferrer"
                target="_blank"
                className="text-sky-800 underline"
              >
                {s.text}
              </a>
            ) : (
              <Fragment key={j}>{s.text}</Fragment>
            ),
          )}
        </Fragment>
      ))}
    </div>
  );
}
