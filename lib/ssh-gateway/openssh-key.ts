import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

// OpenSSH's own formats for ed25519 keys: ssh2 reads ed25519 private keys only as "openssh-key-v1", not as PKCS8 PEM.
const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");
const ED25519 = "ssh-ed25519";

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export const ed25519PublicBlob = (publicKey: Buffer) => Buffer.concat([sshString(ED25519), sshString(publicKey)]);

// "SHA256:<unpadded base64 of the key blob>", exactly as `ssh-keygen -lf` prints it.
export const sshFingerprint = (blob: Buffer) =>
  `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;

export const publicKeyLine = (blob: Buffer, comment: string) =>
  `${ED25519} ${blob.toString("base64")}${comment ? ` ${comment}` : ""}`;

export type GeneratedKey = { privateKey: string; blob: Buffer };

// A new ed25519 key pair from node:crypto, the private half in the unencrypted "BEGIN OPENSSH PRIVATE KEY" format.
export function generateEd25519(comment: string): GeneratedKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  if (!jwk.d || !jwk.x) throw new Error("node:crypto returned an ed25519 key without its key material");
  const seed = Buffer.from(jwk.d, "base64url");
  const pub = Buffer.from(jwk.x, "base64url");
  const blob = ed25519PublicBlob(pub);

  const check = randomBytes(4);
  const secret = Buffer.concat([
    check,
    check,
    sshString(ED25519),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // Padded to the cipher block size ("none": 8) with the bytes 1, 2, 3, …
  const padLength = (8 - (secret.length % 8)) % 8;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    MAGIC,
    sshString("none"),
    sshString("none"),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(blob),
    sshString(Buffer.concat([secret, padding])),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return {
    privateKey: ["-----BEGIN OPENSSH PRIVATE KEY-----", ...lines, "-----END OPENSSH PRIVATE KEY-----", ""].join("\n"),
    blob,
  };
}
