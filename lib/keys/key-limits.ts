// Shared with the add-key form (a client component). A hard cap before parsing, far above any public key; Next's
// server-action body limit (next.config.ts) sits above it, so an oversized paste or file gets this refusal.
export const KEY_INPUT_MAX = 65_536;
