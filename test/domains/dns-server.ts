import dns2 from "dns2";

const { Packet } = dns2;
export type Zone = Map<string, Array<{ type: "A" | "AAAA" | "CNAME" | "TXT"; value: string }>>;

// A real authoritative DNS server on loopback (UDP) answering from `zone`, which the test changes as it goes:
// what a customer's DNS provider would serve. Unknown names get NXDOMAIN.
export async function startDnsServer(zone: Zone, port = 0) {
  const server = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = question!.name.toLowerCase();
    // Plain records, as dns2 encodes them (its types ask for decoded Resource objects).
    const answer = (record: object) => response.answers.push(record as (typeof response.answers)[number]);
    const records = zone.get(name);
    if (!records) response.header.rcode = 3;
    for (const r of records ?? []) {
      const base = { name: question!.name, type: Packet.TYPE[r.type], class: Packet.CLASS.IN, ttl: 1 };
      if (Packet.TYPE[r.type] !== question!.type && r.type !== "CNAME") continue;
      if (r.type === "A" || r.type === "AAAA") answer({ ...base, address: r.value });
      if (r.type === "CNAME") answer({ ...base, domain: r.value });
      if (r.type === "TXT") answer({ ...base, data: r.value });
    }
    send(response);
  });
  await server.listen(port, "127.0.0.1");
  const bound = server.address().port;
  return { server: `127.0.0.1:${bound}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
