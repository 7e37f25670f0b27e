// Ports of the parts the Playwright suite starts, apart from `npm run dev` (3000, 1025, 1080, 54320).
// The vitest suite picks free ports for itself.
export const TEST_PORTS = {
  e2ePostgres: 54332,
  e2eSmtp: 1026,
  e2eMailWeb: 1081,
  e2eApp: 3100,
  e2eSsh: 2223,
  e2eEdgeHttps: 3543,
  e2eEdgeHttp: 3180,
  // The authoritative DNS server of e2e/domains.spec.ts, which the e2e server's DNS_RESOLVER points at.
  e2eDns: 5399,
} as const;
