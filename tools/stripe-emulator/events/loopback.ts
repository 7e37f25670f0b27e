import { invalidRequest } from "../core/errors";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The emulator only ever sends traffic to this machine's loopback interface. */
export function assertLoopbackUrl(url: string, param = "url"): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`Invalid URL: ${url}`, { code: "url_invalid", param });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalidRequest(`Invalid URL: ${url} must be http(s).`, { code: "url_invalid", param });
  }
  if (!LOOPBACK.has(parsed.hostname)) {
    throw invalidRequest(`The Stripe emulator only delivers webhooks to loopback addresses, not ${parsed.hostname}.`, {
      code: "url_invalid",
      param,
    });
  }
}
