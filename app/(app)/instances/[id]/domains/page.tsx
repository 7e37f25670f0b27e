import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LiveRefresh } from "@/components/instances/live-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listInstanceDomains } from "@/lib/domains/queries";
import { recordsFor } from "@/lib/domains/verify";
import { env } from "@/lib/env";
import { loadOwnedInstance } from "@/lib/instances/load";
import { instanceHostname } from "@/lib/instances/spec";
import { requireUser } from "@/lib/session";
import { AddDomainForm } from "./_components/add-domain-form";
import { DomainCard } from "./_components/domain-card";

export const metadata: Metadata = { title: "Custom domains" };

// /instances/[id]/domains – the instance's own names: the records to create and each step until it is served.
export default async function InstanceDomainsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/instances/${id}/domains`);
  if (!z.uuid().safeParse(id).success) notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  if (!parts) notFound();
  const { instance } = parts;
  const domains = await listInstanceDomains(db, { ownerId: user.id, instanceId: id });
  const ended = instance.status === "terminating" || instance.status === "terminated";
  const port = env.EDGE_HTTPS_PORT === 443 ? "" : `:${env.EDGE_HTTPS_PORT}`;
  // Followed closely while a step may happen any second; a name still waiting for its records, less often.
  const moving = domains.some((d) => d.status === "verified" && !d.liveAt);
  const waiting = domains.some((d) => d.status === "pending");

  return (
    <div className="space-y-6">
      {moving || waiting ? <LiveRefresh intervalMs={moving ? 1000 : 5000} /> : null}
      <div>
        <h2 className="text-lg font-semibold">Custom domains</h2>
        <p className="mt-1 text-sm text-slate-600">
          Serve {instance.name} at a name of your own, besides {instanceHostname(instance.slug)}, with a certificate
          issued automatically once the name is verified.
        </p>
      </div>
      {ended ? (
        <Card>
          <p className="text-sm text-slate-600">This instance has ended: it can no longer be served at any name.</p>
        </Card>
      ) : (
        <Card>
          <CardHeader
            title="Add a domain"
            description="For a subdomain (www.example.com) you create a CNAME record; for the bare domain (example.com), A/AAAA records. A TXT record proves the domain is yours."
          />
          <AddDomainForm instanceId={id} />
        </Card>
      )}
      {domains.length === 0 ? <p className="text-sm text-slate-600">No custom domains yet.</p> : null}
      {domains.map((d) => (
        <DomainCard
          key={d.id}
          domain={d}
          instanceId={id}
          records={recordsFor(d, instance.slug)}
          url={`https://${d.name}${port}`}
        />
      ))}
    </div>
  );
}
