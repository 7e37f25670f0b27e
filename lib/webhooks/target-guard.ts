import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Addresses a webhook must never reach in production: the platform's own network, the cloud metadata service,
// loopback, CGNAT, multicast, documentation and reserved ranges.
const forbidden = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  forbidden.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  // BlockList applies the IPv4 rules to IPv4-mapped addresses itself; NAT64 ones could carry any IPv4 address.
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  forbidden.addSubnet(net, bits, "ipv6");

export const isForbiddenAddress = (address: string) => {
  const family = isIP(address);
  return family === 0 || forbidden.check(address, family === 4 ? "ipv4" : "ipv6");
};

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
const resolveAll: Resolve = (host) => lookup(host, { all: true, verbatim: true });

export type Target = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

// The URL's scheme, as checked when an endpoint is saved.
export function checkWebhookUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "The URL is not valid: use https://host/path." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, reason: "Webhook URLs must start with https:// or http://." };
  if (url.username || url.password) return { ok: false, reason: "Put credentials in the receiver, not in the URL." };
  return { ok: true, url };
}

// Checked on every send, on the addresses the name resolves to now (a name can be re-pointed after it was saved).
// Every address must be allowed; the caller connects to the one returned, so no second lookup can differ.
export async function resolveWebhookTarget(
  raw: string,
  opts: { allowPrivate: boolean; resolve?: Resolve },
): Promise<Target> {
  const checked = checkWebhookUrl(raw);
  if (!checked.ok) return checked;
  const host = checked.url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (opts.resolve ?? resolveAll)(host);
    } catch {
      return { ok: false, reason: `The host name ${host} does not resolve.` };
    }
  }
  if (!addresses.length) return { ok: false, reason: `The host name ${host} does not resolve.` };
  const blocked = addresses.find((a) => isForbiddenAddress(a.address));
  if (blocked && !opts.allowPrivate)
    return { ok: false, reason: `Refused: ${host} is a private or reserved address (${blocked.address}).` };
  const first = addresses[0]!;
  return { ok: true, url: checked.url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
