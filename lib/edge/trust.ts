import { caddyRequest } from "./caddy-admin";

// The root certificate of the edge's local CA (EDGE_TLS=internal), from its admin API: what the platform's own
// requests through the edge trust, and what `npm run dev` shows. Asked once per process and admin address.
const roots = new Map<string, Promise<string>>();

export function edgeRootCertificate(adminUrl: string): Promise<string> {
  let root = roots.get(adminUrl);
  if (!root) {
    root = caddyRequest(adminUrl, "GET", "/pki/ca/local").then((res) => {
      if (res.status !== 200) throw new Error(`The edge has no local CA (${res.status}): ${res.text.slice(0, 200)}`);
      return (JSON.parse(res.text) as { root_certificate: string }).root_certificate;
    });
    root.catch(() => roots.delete(adminUrl));
    roots.set(adminUrl, root);
  }
  return root;
}
