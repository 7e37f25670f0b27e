import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks signing: HMAC-SHA256 over `${id}.${timestamp}.${body}` with the base64 key after `whsec_`.
const PREFIX = "whsec_";
const TOLERANCE_SECONDS = 5 * 60;

export const newWebhookSecret = () => `${PREFIX}${randomBytes(24).toString("base64")}`;

const keyOf = (secret: string) =>
  Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");

export function signPayload(secret: string, id: string, timestamp: number, body: string) {
  return `v1,${createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

// The three headers of one attempt; during a rotation every live secret signs, space-separated.
export function webhookHeaders(secrets: string[], id: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((s) => signPayload(s, id, timestamp, body)).join(" "),
  };
}

// What a receiver does: any one matching v1 signature within the tolerance passes.
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  now = new Date(),
) {
  const id = headers["webhook-id"];
  const timestamp = Number(headers["webhook-timestamp"]);
  const signatures = headers["webhook-signature"];
  if (!id || !Number.isInteger(timestamp) || !signatures) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signPayload(secret, id, timestamp, body));
  return signatures.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
