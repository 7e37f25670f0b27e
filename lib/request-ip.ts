import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

// `next start` keeps a client's own X-Forwarded-For and drops the socket's address, so the production server
// (scripts/web-server.ts) writes the peer into this header of ours on every request, over any copy a client sent.
export const PEER_HEADER = "x-berth-peer";

export function stampPeerAddress(req: IncomingMessage) {
  const peer = req.socket.remoteAddress;
  if (peer) req.headers[PEER_HEADER] = peer;
  else delete req.headers[PEER_HEADER];
}

export function clientIp(headers: Headers): string {
  return clientAddress(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedProxies());
}

// From the peer leftwards through X-Forwarded-For, only while the hop that told us is a trusted proxy: entries
// further left were written by the client and prove nothing.
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: BlockList): string {
  let address = normalize(peer);
  if (!address) return "unknown";
  const hops = (forwardedFor ?? "").split(",");
  while (hops.length > 0 && isTrusted(trusted, address)) {
    const hop = normalize(hops.pop());
    if (!hop) break;
    address = hop;
  }
  return address;
}

export function proxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

let trusted: BlockList | undefined;
const trustedProxies = () => (trusted ??= proxyList(env.TRUSTED_PROXIES));

function normalize(value: string | null | undefined): string | null {
  const address = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return address && isIP(address) ? address : null;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
