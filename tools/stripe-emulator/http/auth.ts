import type { IncomingMessage } from "node:http";
import { authenticationError } from "../core/errors";

// https://docs.stripe.com/api/authentication — Bearer (or Basic with the key as user name).
// The emulator only ever accepts test-mode keys: live keys are refused outright.
export function authenticate(req: IncomingMessage): string {
  const header = req.headers.authorization ?? "";
  let key = "";
  if (header.startsWith("Bearer ")) key = header.slice(7).trim();
  else if (header.startsWith("Basic "))
    key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? "";
  if (!key) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (/^(sk|rk)_live_/.test(key)) {
    throw authenticationError("The Stripe emulator refuses live mode keys (sk_live_…). Use an sk_test_ key.");
  }
  if (!/^(sk|rk)_test_/.test(key)) {
    throw authenticationError(
      `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
    );
  }
  return key;
}
