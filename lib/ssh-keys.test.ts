import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePublicKey, type ParsePublicKeyResult } from "@/lib/ssh-keys";

// Real keys from ssh-keygen, checked against what `ssh-keygen -lf` itself reports.
let dir: string;
const keygen = (...args: string[]) =>
  execFileSync("ssh-keygen", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function generate(name: string, type: string, bits?: number, comment = `${name}@berth-test`) {
  const file = path.join(dir, name);
  keygen("-q", "-t", type, ...(bits ? ["-b", String(bits)] : []), "-N", "", "-C", comment, "-f", file);
  return file;
}

function fingerprintOf(pubFile: string) {
  const m = /^(\d+) (SHA256:\S+) (.*) \((\w+)\)$/.exec(keygen("-lf", pubFile).trim());
  if (!m) throw new Error(`unexpected ssh-keygen -lf output for ${pubFile}`);
  return { bits: Number(m[1]), fingerprint: m[2]!, comment: m[3]!, type: m[4]!.toLowerCase() };
}

const sshString = (b: Buffer | string) => {
  const data = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
};
const mpint = (b: Buffer) => sshString(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);

// An OpenSSH public key line built from a node:crypto RSA key, for sizes ssh-keygen may refuse to make.
function rsaLineFromNode(bits: number, comment: string) {
  const jwk = generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([
    sshString("ssh-rsa"),
    mpint(Buffer.from(jwk.e!, "base64url")),
    mpint(Buffer.from(jwk.n!, "base64url")),
  ]);
  return `ssh-rsa ${blob.toString("base64")} ${comment}`;
}

function expectError(result: ParsePublicKeyResult, pattern: RegExp) {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toMatch(pattern);
  return result;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "berth-ssh-keys-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parsePublicKey with real keys", () => {
  it.each([
    ["ed25519", undefined, "ssh-ed25519", 256],
    ["ecdsa", 256, "ecdsa-sha2-nistp256", 256],
    ["ecdsa", 384, "ecdsa-sha2-nistp384", 384],
    ["ecdsa", 521, "ecdsa-sha2-nistp521", 521],
    ["rsa", 2048, "ssh-rsa", 2048],
    ["rsa", 4096, "ssh-rsa", 4096],
  ] as const)("accepts %s %s like ssh-keygen -lf", (type, bits, algorithm, expectedBits) => {
    const file = generate(`${type}-${bits ?? "default"}`, type, bits);
    const line = readFileSync(`${file}.pub`, "utf8");
    const expected = fingerprintOf(`${file}.pub`);
    const result = parsePublicKey(line);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.key).toEqual({
      type,
      algorithm,
      bits: expectedBits,
      fingerprint: expected.fingerprint,
      comment: expected.comment,
      normalized: line.trim(),
    });
    expect(result.key.bits).toBe(expected.bits);
    expect(result.key.type).toBe(expected.type);
  });

  it("accepts surrounding whitespace and Windows line endings, and normalizes", () => {
    const line = readFileSync(`${generate("spaced", "ed25519", undefined, "a  b")}.pub`, "utf8").trim();
    const result = parsePublicKey(`\r\n   ${line.replace(" a  b", "   a  b")}  \r\n\r\n`);
    expect(result.ok && result.key.normalized).toBe(line.replace("a  b", "a b"));
  });

  it("accepts a key without a comment", () => {
    const line = readFileSync(`${generate("nocomment", "ed25519", undefined, "")}.pub`, "utf8").trim();
    const result = parsePublicKey(line);
    expect(result.ok && result.key.comment).toBe("");
    expect(result.ok && result.key.normalized).toBe(line);
  });

  it("accepts the RFC 4716 format with the same fingerprint", () => {
    const file = generate("rfc4716", "rsa", 3072);
    const result = parsePublicKey(keygen("-e", "-f", `${file}.pub`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.key).toMatchObject({
      type: "rsa",
      bits: 3072,
      fingerprint: fingerprintOf(`${file}.pub`).fingerprint,
    });
    expect(result.key.comment).toMatch(/3072-bit RSA/);
  });
});

describe("parsePublicKey refusals", () => {
  it("refuses a 1024-bit RSA key made by ssh-keygen", () => {
    let file: string;
    try {
      file = generate("rsa-1024", "rsa", 1024);
    } catch {
      return; // newer ssh-keygen refuses to make one; the node:crypto case below covers it
    }
    expect(fingerprintOf(`${file}.pub`).bits).toBe(1024);
    expectError(
      parsePublicKey(readFileSync(`${file}.pub`, "utf8")),
      /^RSA keys must be at least 2048 bits; this one has 1024\b/,
    );
  });

  it("refuses a 1024-bit RSA key built with node:crypto, which ssh-keygen reads as 1024 bits", () => {
    const line = rsaLineFromNode(1024, "small@node");
    writeFileSync(path.join(dir, "node-1024.pub"), `${line}\n`);
    expect(fingerprintOf(path.join(dir, "node-1024.pub"))).toMatchObject({ bits: 1024, type: "rsa" });
    expectError(parsePublicKey(line), /RSA keys must be at least 2048 bits; this one has 1024/);
    const ok = parsePublicKey(rsaLineFromNode(2048, "big@node"));
    expect(ok.ok && ok.key.bits).toBe(2048);
  });

  it("refuses an OpenSSH private key and says it is leaked", () => {
    const file = generate("private", "ed25519");
    const result = parsePublicKey(readFileSync(file, "utf8"));
    expect(result).toMatchObject({ ok: false, leakedPrivateKey: true });
    expectError(result, /PRIVATE key.*Never paste.*leaked.*new key pair/s);
  });

  it.each([
    ["PKCS#8", "pkcs8"],
    ["PKCS#1", "pkcs1"],
  ] as const)("refuses a PEM %s private key", (_name, type) => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ format: "pem", type }).toString();
    expect(parsePublicKey(`here you go:\n${pem}`)).toMatchObject({ ok: false, leakedPrivateKey: true });
  });

  it("refuses PuTTY private keys and a bare OpenSSH private key body", () => {
    expect(parsePublicKey("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n")).toMatchObject({
      leakedPrivateKey: true,
    });
    const body = readFileSync(generate("bare", "ed25519"), "utf8").split("\n").slice(1, -2).join("\n");
    expect(parsePublicKey(body)).toMatchObject({ ok: false, leakedPrivateKey: true });
  });

  it("refuses garbage and empty input", () => {
    expectError(parsePublicKey(""), /Paste your public key/);
    expectError(parsePublicKey("hello world"), /doesn't look like an SSH public key/);
    expectError(parsePublicKey("ssh-ed25519"), /incomplete or damaged/);
    expectError(parsePublicKey("x".repeat(20_000)), /too long/);
    expectError(parsePublicKey("ssh-ed25519 not*base64!"), /incomplete or damaged/);
  });

  it("refuses truncated key data", () => {
    const [algorithm, data] = readFileSync(`${generate("truncated", "ecdsa", 256)}.pub`, "utf8").split(" ");
    expectError(parsePublicKey(`${algorithm} ${data!.slice(0, -7)} me`), /incomplete or damaged/);
    expectError(parsePublicKey(`${algorithm} ${data!.slice(0, 40)} me`), /incomplete or damaged/);
  });

  it("refuses trailing bytes inside the key data", () => {
    const [algorithm, data] = readFileSync(`${generate("trailing", "ed25519")}.pub`, "utf8").split(" ");
    const padded = Buffer.concat([Buffer.from(data!, "base64"), Buffer.from([0, 0, 0, 0])]).toString("base64");
    expectError(parsePublicKey(`${algorithm} ${padded}`), /incomplete or damaged/);
  });

  it("refuses a key whose type does not match the data", () => {
    const [, data] = readFileSync(`${generate("mismatch", "ed25519")}.pub`, "utf8").split(" ");
    expectError(parsePublicKey(`ssh-rsa ${data}`), /says ssh-rsa but the key inside is ssh-ed25519/);
    const [, ecData] = readFileSync(`${generate("mismatch-ec", "ecdsa", 256)}.pub`, "utf8").split(" ");
    expectError(
      parsePublicKey(`ecdsa-sha2-nistp384 ${ecData}`),
      /says ecdsa-sha2-nistp384 but the key inside is ecdsa-sha2-nistp256/,
    );
  });

  it("refuses an EC point that is not on the curve", () => {
    const q = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]);
    const blob = Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp256"), sshString(q)]);
    expectError(parsePublicKey(`ecdsa-sha2-nistp256 ${blob.toString("base64")}`), /incomplete or damaged/);
  });

  it("refuses DSA keys", () => {
    const blob = Buffer.concat(["ssh-dss", "p", "q", "g", "y"].map((s) => sshString(s)));
    expectError(parsePublicKey(`ssh-dss ${blob.toString("base64")} old`), /^DSA keys are no longer considered secure/);
  });

  it("refuses several keys pasted at once", () => {
    const a = readFileSync(`${generate("multi-a", "ed25519")}.pub`, "utf8");
    const b = readFileSync(`${generate("multi-b", "ecdsa", 384)}.pub`, "utf8");
    expectError(parsePublicKey(`${a}\n${b}`), /looks like 2 keys.*one at a time/);
    expectError(parsePublicKey(`${a.trim()} ${b.trim()}`), /looks like 2 keys/);
  });

  it("refuses certificates, options and PEM public keys", () => {
    const ca = generate("ca", "ed25519");
    const user = generate("user", "ed25519");
    keygen("-q", "-s", ca, "-I", "id", "-n", "root", `${user}.pub`);
    expectError(parsePublicKey(readFileSync(`${user}-cert.pub`, "utf8")), /certificates are not supported/);
    expectError(parsePublicKey(`from="10.0.0.1" ${readFileSync(`${user}.pub`, "utf8")}`), /Remove the options/);
    const pem = generateKeyPairSync("ed25519").publicKey.export({ format: "pem", type: "spki" }).toString();
    expectError(parsePublicKey(pem), /PEM public key/);
  });
});
