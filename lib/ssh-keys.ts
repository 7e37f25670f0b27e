import { createHash, createPublicKey, type JsonWebKey } from "node:crypto";

export type SshKeyType = "ed25519" | "ecdsa" | "rsa";
export type SshPublicKey = {
  type: SshKeyType;
  algorithm: string;
  bits: number;
  fingerprint: string;
  comment: string;
  normalized: string;
};
export type ParsePublicKeyResult =
  { ok: true; key: SshPublicKey } | { ok: false; error: string; leakedPrivateKey?: boolean };

const MAX_INPUT_CHARS = 16_384;
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16_384;
const NEW_KEY_HINT = "Create a new one with: ssh-keygen -t ed25519";
const ECDSA_CURVES: Record<string, { curve: string; jwkCurve: string; bits: number; coordBytes: number }> = {
  "ecdsa-sha2-nistp256": { curve: "nistp256", jwkCurve: "P-256", bits: 256, coordBytes: 32 },
  "ecdsa-sha2-nistp384": { curve: "nistp384", jwkCurve: "P-384", bits: 384, coordBytes: 48 },
  "ecdsa-sha2-nistp521": { curve: "nistp521", jwkCurve: "P-521", bits: 521, coordBytes: 66 },
};

// Anything that looks like key material: a PEM/PuTTY private key, or the body of an OpenSSH private key ("openssh-key-v1").
const PRIVATE_KEY = /PRIVATE KEY-----|PuTTY-User-Key-File-|BEGIN SSH2 ENCRYPTED PRIVATE KEY|(^|\s)b3BlbnNzaC1rZXktdjE/m;
const KEY_TYPE_TOKEN =
  /(^|\s)(ssh-[a-z0-9-]+(@openssh\.com)?|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9-]+@openssh\.com)\s+AAAA/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const errors = {
  empty: "Paste your public key: the contents of a .pub file, such as ~/.ssh/id_ed25519.pub.",
  tooLong: "This is far too long for an SSH public key. Paste only the single line from your .pub file.",
  privateKey:
    "This is a PRIVATE key. Never paste a private key anywhere, here or elsewhere. Treat this one as leaked: " +
    "stop using it, remove its public key from every server and service, and generate a new key pair (ssh-keygen -t ed25519). " +
    "Then add the new PUBLIC key: the contents of the file ending in .pub.",
  garbage:
    "This doesn't look like an SSH public key. Paste the single line from your .pub file; " +
    "it starts with ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa.",
  damaged: "The key data is incomplete or damaged. Copy the whole line from your .pub file again.",
  options: "Remove the options in front of the key type (such as from=… or command=…) and paste only the key.",
  multiLine: "Paste the key as one single line, exactly as it appears in your .pub file.",
  dsa: `DSA keys are no longer considered secure and are not accepted. ${NEW_KEY_HINT}`,
  certificate:
    "SSH certificates are not supported. Paste the plain public key (the .pub file without -cert in its name).",
  securityKey: "Security-key (FIDO) SSH keys are not supported yet. Add an ed25519, ECDSA or RSA key.",
  pemPublic: "This is a PEM public key, not an OpenSSH one. Convert it first: ssh-keygen -i -m PKCS8 -f key.pem",
};

const fail = (error: string): ParsePublicKeyResult => ({ ok: false, error });

export function parsePublicKey(text: string): ParsePublicKeyResult {
  if (PRIVATE_KEY.test(text)) return { ok: false, error: errors.privateKey, leakedPrivateKey: true };
  if (text.length > MAX_INPUT_CHARS) return fail(errors.tooLong);
  const input = text.replace(/^\uFEFF/, "").trim();
  if (!input) return fail(errors.empty);
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(input)) return fail(errors.pemPublic);
  if (input.startsWith("---- BEGIN SSH2 PUBLIC KEY ----")) return parseRfc4716(input);

  const keyCount = input.match(KEY_TYPE_TOKEN)?.length ?? 0;
  if (keyCount > 1) return fail(`This looks like ${keyCount} keys. Add them one at a time.`);
  const lines = input
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  if (lines.length !== 1) return fail(lines.length === 0 ? errors.empty : errors.multiLine);

  const [algorithm = "", data = "", ...rest] = lines[0]!.split(/\s+/);
  const typeAt = lines[0]!.search(/(^|\s)(ssh-|ecdsa-sha2-|sk-)\S+\s+AAAA/);
  if (typeAt > 0) return fail(errors.options);
  return parseKeyData(algorithm, data, rest.join(" "));
}

// RFC 4716 ("SSH2" format, e.g. PuTTYgen's public key export): headers, then base64 across several lines.
function parseRfc4716(input: string): ParsePublicKeyResult {
  const lines = input.split(/\r?\n/).map((l) => l.trim());
  const end = lines.indexOf("---- END SSH2 PUBLIC KEY ----");
  if (end < 0 || lines.slice(end + 1).some(Boolean)) return fail(errors.damaged);
  let comment = "";
  const body: string[] = [];
  for (let i = 1; i < end; i++) {
    let line = lines[i]!;
    const header = /^([\x21-\x39\x3b-\x7e]{1,64}):\s?(.*)$/.exec(line);
    if (!header || body.length > 0) {
      body.push(line);
      continue;
    }
    let value = header[2]!;
    while (line.endsWith("\\") && i + 1 < end) {
      value = value.slice(0, -1) + lines[++i]!;
      line = lines[i]!;
    }
    if (header[1]!.toLowerCase() === "comment") comment = value.replace(/^"(.*)"$/, "$1");
  }
  const data = body.join("");
  const blob = decodeBase64(data);
  if (!blob) return fail(errors.damaged);
  const algorithm = new WireReader(blob).tryString()?.toString("latin1") ?? "";
  return parseKeyData(algorithm, data, comment);
}

function parseKeyData(algorithm: string, data: string, rawComment: string): ParsePublicKeyResult {
  if (algorithm === "ssh-dss") return fail(errors.dsa);
  if (algorithm.includes("-cert-v01@openssh.com")) return fail(errors.certificate);
  if (algorithm.startsWith("sk-")) return fail(errors.securityKey);
  if (algorithm !== "ssh-ed25519" && algorithm !== "ssh-rsa" && !(algorithm in ECDSA_CURVES)) {
    if (!/^[a-z0-9]+(-[a-z0-9@.]+)+$/.test(algorithm) || !data.startsWith("AAAA")) return fail(errors.garbage);
    return fail(`Unsupported key type "${algorithm}". Use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa.`);
  }
  const blob = decodeBase64(data);
  if (!blob) return fail(errors.damaged);
  const decoded = decodeBlob(blob, algorithm);
  if ("error" in decoded) return fail(decoded.error);

  const base64 = blob.toString("base64");
  const comment = rawComment.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  const fingerprint = `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
  const normalized = comment ? `${algorithm} ${base64} ${comment}` : `${algorithm} ${base64}`;
  return { ok: true, key: { type: decoded.type, algorithm, bits: decoded.bits, fingerprint, comment, normalized } };
}

function decodeBase64(data: string): Buffer | null {
  if (!BASE64.test(data) || data.length % 4 !== 0) return null;
  const blob = Buffer.from(data, "base64");
  return blob.length > 0 && blob.toString("base64") === data ? blob : null;
}

type Decoded = { type: SshKeyType; bits: number } | { error: string };

// The key blob in SSH wire format (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4), read strictly.
function decodeBlob(blob: Buffer, algorithm: string): Decoded {
  try {
    const r = new WireReader(blob);
    const inner = r.string().toString("latin1");
    if (inner !== algorithm) {
      return {
        error: `The key data does not match its type: the line says ${algorithm} but the key inside is ${printable(inner)}.`,
      };
    }
    let result: Decoded & { jwk: JsonWebKey };
    if (algorithm === "ssh-ed25519") {
      const pk = r.string();
      if (pk.length !== 32) throw new WireError();
      result = { type: "ed25519", bits: 256, jwk: { kty: "OKP", crv: "Ed25519", x: pk.toString("base64url") } };
    } else if (algorithm === "ssh-rsa") {
      const e = r.mpint();
      const n = r.mpint();
      const bits = bitLength(n);
      if (e.length === 0 || e.length > 8 || !isOdd(e) || (e.length === 1 && e[0]! < 3) || !isOdd(n))
        throw new WireError();
      if (bits < MIN_RSA_BITS)
        return { error: `RSA keys must be at least ${MIN_RSA_BITS} bits; this one has ${bits}. ${NEW_KEY_HINT}` };
      if (bits > MAX_RSA_BITS)
        return { error: `RSA keys can have at most ${MAX_RSA_BITS} bits; this one has ${bits}.` };
      result = { type: "rsa", bits, jwk: { kty: "RSA", n: n.toString("base64url"), e: e.toString("base64url") } };
    } else {
      const spec = ECDSA_CURVES[algorithm]!;
      if (r.string().toString("latin1") !== spec.curve) throw new WireError();
      const q = r.string();
      if (q.length !== 1 + 2 * spec.coordBytes || q[0] !== 0x04) throw new WireError();
      const [x, y] = [q.subarray(1, 1 + spec.coordBytes), q.subarray(1 + spec.coordBytes)];
      result = {
        type: "ecdsa",
        bits: spec.bits,
        jwk: { kty: "EC", crv: spec.jwkCurve, x: x.toString("base64url"), y: y.toString("base64url") },
      };
    }
    r.end();
    createPublicKey({ key: result.jwk, format: "jwk" }); // rejects e.g. an EC point that is not on the curve
    return { type: result.type, bits: result.bits };
  } catch {
    return { error: errors.damaged };
  }
}

class WireError extends Error {}

class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.buf.length) throw new WireError();
    const length = this.buf.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (length > this.buf.length - start) throw new WireError();
    this.offset = start + length;
    return this.buf.subarray(start, start + length);
  }

  tryString(): Buffer | null {
    try {
      return this.string();
    } catch {
      return null;
    }
  }

  // A positive mpint without its sign byte; negative or non-minimal encodings are refused.
  mpint(): Buffer {
    const v = this.string();
    if (v.length > 0 && v[0]! & 0x80) throw new WireError();
    if (v[0] === 0 && (v.length === 1 || !(v[1]! & 0x80))) throw new WireError();
    return v[0] === 0 ? v.subarray(1) : v;
  }

  end() {
    if (this.offset !== this.buf.length) throw new WireError();
  }
}

function bitLength(magnitude: Buffer): number {
  return magnitude.length === 0 ? 0 : (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]!));
}

const isOdd = (magnitude: Buffer) => magnitude.length > 0 && (magnitude[magnitude.length - 1]! & 1) === 1;
const printable = (s: string) => (/^[\x20-\x7e]{1,64}$/.test(s) ? s : "something else");
