// A PowerDNS authoritative server through its HTTP API (/api/v1): one zone, whose A/AAAA record sets Berth reads
// and replaces or deletes. Names are absolute in the API ("shop.apps.example.com.").
export type PowerDnsConfig = { apiUrl: string; apiKey: string; serverId: string; zone: string };
export type AddressSet = { name: string; addresses: string[] };
type RrSet = { name: string; type: string; records: Array<{ content: string; disabled: boolean }> };

const absolute = (name: string) => (name.endsWith(".") ? name : `${name}.`);
const relative = (name: string) => name.replace(/\.$/, "");

export function powerDns(config: PowerDnsConfig) {
  const zoneUrl = `${config.apiUrl.replace(/\/$/, "")}/api/v1/servers/${config.serverId}/zones`;
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: { "X-API-Key": config.apiKey, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  };
  const zoneId = encodeURIComponent(absolute(config.zone));
  const fail = (what: string, r: { status: number; text: string }) =>
    new Error(`PowerDNS refused to ${what} (${r.status}): ${r.text.slice(0, 300)}`);

  async function zone(): Promise<RrSet[]> {
    let found = await call("GET", `${zoneUrl}/${zoneId}`);
    if (found.status === 404 || found.status === 422) {
      const created = await call("POST", zoneUrl, { name: absolute(config.zone), kind: "Native", nameservers: [] });
      if (created.status !== 201) throw fail(`create the zone ${config.zone}`, created);
      found = await call("GET", `${zoneUrl}/${zoneId}`);
    }
    if (found.status !== 200) throw fail(`read the zone ${config.zone}`, found);
    return (JSON.parse(found.text) as { rrsets: RrSet[] }).rrsets;
  }

  return {
    // Every name of the zone with address records, and their addresses (the zone is created when missing).
    async addressSets(): Promise<AddressSet[]> {
      const byName = new Map<string, string[]>();
      for (const set of await zone())
        if (set.type === "A" || set.type === "AAAA")
          byName.set(relative(set.name), [
            ...(byName.get(relative(set.name)) ?? []),
            ...set.records.map((r) => r.content),
          ]);
      return [...byName].map(([name, addresses]) => ({ name, addresses }));
    },
    // One PATCH: each name in `set` gets exactly these addresses (A and AAAA), each in `remove` loses both.
    async apply(changes: { set: AddressSet[]; remove: string[] }) {
      const ttl = 300;
      const rrsets = [
        ...changes.set.flatMap(({ name, addresses }) =>
          (["A", "AAAA"] as const).map((type) => {
            const records = addresses
              .filter((a) => a.includes(":") === (type === "AAAA"))
              .map((content) => ({ content, disabled: false }));
            return records.length
              ? { name: absolute(name), type, ttl, changetype: "REPLACE", records }
              : { name: absolute(name), type, changetype: "DELETE" };
          }),
        ),
        ...changes.remove.flatMap((name) =>
          ["A", "AAAA"].map((type) => ({ name: absolute(name), type, changetype: "DELETE" })),
        ),
      ];
      if (!rrsets.length) return;
      const patched = await call("PATCH", `${zoneUrl}/${zoneId}`, { rrsets });
      if (patched.status !== 204) throw fail(`change the zone ${config.zone}`, patched);
    },
  };
}
export type PowerDns = ReturnType<typeof powerDns>;
