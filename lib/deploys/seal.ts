import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Environment variable values at rest: AES-256-GCM under the SHA-256 of ENV_ENCRYPTION_KEY, a fresh 12-byte nonce
// per value, stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url). The instance's id is the associated data, so
// a value copied onto another instance's row does not open.
const key = () => createHash("sha256").update(env.ENV_ENCRYPTION_KEY).digest();

export function seal(value: string, instanceId: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), nonce);
  cipher.setAAD(Buffer.from(instanceId));
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function unseal(sealed: string, instanceId: string): string {
  const [version, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || nonce === undefined || tag === undefined || body === undefined)
    throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(instanceId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
