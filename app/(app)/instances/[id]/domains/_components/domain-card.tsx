import type { CustomDomain } from "@/db/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { DnsRecord } from "@/lib/domains/verify";
import { formatDateTime } from "@/lib/format";
import { checkDomainAction, removeDomainAction } from "../actions";

// Where a name is on its way to serving the instance, in the order the steps happen.
export function domainSteps(d: CustomDomain) {
  const verified = d.status === "verified";
  return [
    { label: "Waiting for DNS", at: d.createdAt, done: verified },
    { label: "Verified", at: d.verifiedAt, done: verified },
    { label: "Certificate issued", at: d.certificateAt, done: verified && !!d.certificateAt },
    { label: "Live", at: d.liveAt, done: verified && !!d.liveAt },
  ];
}

export function domainState(d: CustomDomain) {
  if (d.status === "disabled") return "Disabled";
  if (d.status === "pending") return "Waiting for DNS";
  return d.liveAt ? "Live" : d.certificateAt ? "Certificate issued" : "Verified";
}

export function DomainCard({
  domain,
  instanceId,
  records,
  url,
}: {
  domain: CustomDomain;
  instanceId: string;
  records: DnsRecord[];
  url: string;
}) {
  const hidden = (
    <>
      <input type="hidden" name="instanceId" value={instanceId} />
      <input type="hidden" name="domainId" value={domain.id} />
    </>
  );
  return (
    <Card>
      <section aria-label={domain.name} className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="break-all text-lg font-semibold">{domain.name}</h2>
          <span className="rounded-full bg-slate-100 px-3 py-1 text-sm" data-testid="domain-state">
            {domainState(domain)}
          </span>
        </div>
        {domain.status === "disabled" ? (
          <Alert tone="error">
            Disabled {domain.disabledAt ? `on ${formatDateTime(domain.disabledAt)}` : ""}: its DNS records are gone, so
            the instance is no longer served at {domain.name}. Put the records back and choose “Check now”.
          </Alert>
        ) : null}
        <ol className="grid gap-2 text-sm sm:grid-cols-4" aria-label={`Steps of ${domain.name}`}>
          {domainSteps(domain).map((s) => (
            <li key={s.label} className={s.done ? "text-emerald-700" : "text-slate-500"}>
              <span aria-hidden>{s.done ? "✓ " : "○ "}</span>
              {s.label}
              {s.done && s.at ? <span className="block text-xs">{formatDateTime(s.at)}</span> : null}
            </li>
          ))}
        </ol>
        {domain.liveAt && domain.status === "verified" ? (
          <p className="text-sm">
            Serving at{" "}
            <a className="break-all underline" href={url}>
              {url}
            </a>
          </p>
        ) : null}
        {domain.status !== "verified" && domain.problems.length ? (
          <ul className="list-disc space-y-1 pl-5 text-sm text-amber-900" aria-label="What the last check found">
            {domain.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-2 text-left text-slate-600">Records to create at your DNS provider</caption>
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Type</th>
                <th className="py-1 pr-4 font-medium">Name</th>
                <th className="py-1 font-medium">Value</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.type} className="border-t border-slate-100 align-top">
                  <td className="py-2 pr-4">{r.type}</td>
                  <td className="py-2 pr-4 font-mono text-xs break-all">
                    <code>{r.name}</code>
                  </td>
                  <td className="py-2 font-mono text-xs break-all">
                    <span className="flex flex-wrap items-center gap-2">
                      <code>{r.value}</code>
                      <CopyButton value={r.value} label={`Copy the ${r.type} value`} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="flex flex-wrap gap-3">
          <ActionForm action={checkDomainAction} label={`Check ${domain.name}`}>
            {hidden}
            <SubmitButton variant="secondary" pendingText="Checking…">
              Check now
            </SubmitButton>
          </ActionForm>
          <ActionForm action={removeDomainAction} label={`Remove ${domain.name}`}>
            {hidden}
            <SubmitButton variant="ghost" pendingText="Removing…">
              Remove {domain.name}
            </SubmitButton>
          </ActionForm>
        </div>
      </section>
    </Card>
  );
}
