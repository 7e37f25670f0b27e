import { API_ERRORS } from "@/lib/api/errors";
import { operations } from "@/lib/api/operations";
import { LIMITS } from "@/lib/rate-limit";
import { Code, CodeBlock, H2, HelpLink, List, Note, P } from "./prose";
import type { HelpSection } from "./types";

// The reference part is rendered from the same operation list that serves /api/v1 and its OpenAPI document.
function Api() {
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <>
      <P>
        The Berth API does what the dashboard does, from scripts and CI: list and create instances, resize, back up,
        restore and terminate them, manage SSH keys, read invoices and open support tickets.
      </P>

      <H2 id="tokens">Tokens</H2>
      <P>
        Create a personal access token in <HelpLink href="/settings/api-tokens">Settings → API tokens</HelpLink>. Choose{" "}
        <Code>read only</Code> or <Code>read and write</Code>, and when it expires. The token is shown once; we keep
        only a hash of it. The list shows when and from where each token was last used, and revoking one stops it at
        once.
      </P>
      <CodeBlock>{`curl -H "Authorization: Bearer $BERTH_TOKEN" https://berth.example/api/v1/instances`}</CodeBlock>
      <Note>Treat a token like a password: anyone who has it acts as you.</Note>

      <H2 id="conventions">Conventions</H2>
      <List>
        <li>
          Bodies are JSON (<Code>Content-Type: application/json</Code>) with the same fields and rules as the
          dashboard&apos;s forms.
        </li>
        <li>
          Errors have one shape, <Code>{`{ "error": { "code", "message", "details" } }`}</Code>, and a code that does
          not change:{" "}
          {Object.keys(API_ERRORS).map((c, i) => (
            <span key={c}>
              {i ? ", " : ""}
              <Code>{c}</Code>
            </span>
          ))}
          .
        </li>
        <li>
          Lists come as <Code>{`{ "data": [...], "nextCursor" }`}</Code>: pass <Code>?cursor=</Code> with the last
          page&apos;s <Code>nextCursor</Code> for the next one (<Code>?limit=</Code> up to 100).
        </li>
        <li>
          Each token may make {LIMITS.apiPerToken.limit} requests a minute; the <Code>RateLimit</Code> and{" "}
          <Code>RateLimit-Policy</Code> headers say how many are left, and a 429 comes with <Code>Retry-After</Code>.
        </li>
        <li>
          Send an <Code>Idempotency-Key</Code> header with a creating call: a retry with the same key gets the first
          answer instead of doing it twice.
        </li>
        <li>
          The machine-readable description is the OpenAPI 3.1 document at{" "}
          <HelpLink href="/api/v1/openapi.json">/api/v1/openapi.json</HelpLink>.
        </li>
      </List>

      {tags.map((tag) => (
        <section key={tag} aria-label={tag}>
          <H2 id={tag.toLowerCase().replaceAll(" ", "-")}>{tag}</H2>
          {tag === "Staff" ? <P>Only tokens of staff accounts reach these; every change is in the audit log.</P> : null}
          <dl className="mt-3 divide-y divide-slate-200">
            {operations
              .filter((o) => o.tag === tag)
              .map((o) => (
                <div key={o.id} className="py-3">
                  <dt className="font-mono text-sm text-slate-900">
                    <span className="mr-2 font-semibold">{o.method}</span>
                    {o.path}
                    <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-xs text-slate-600">
                      {o.scope === "write" ? "read and write" : "read"}
                    </span>
                  </dt>
                  <dd className="mt-1 text-sm text-slate-700">
                    {o.summary}.{o.description ? ` ${o.description}` : ""}
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </>
  );
}

export const api: HelpSection = {
  slug: "api",
  title: "API",
  summary: "Automate Berth with personal access tokens: instances, backups, SSH keys, invoices and tickets.",
  Content: Api,
};
