import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import ssh2 from "ssh2";
import { env } from "@/lib/env";
import { generateEd25519, publicKeyLine, sshFingerprint } from "./openssh-key";

export type GatewayKey = {
  /** OpenSSH private key ("BEGIN OPENSSH PRIVATE KEY"), as ssh2 and ssh-keygen read it. */
  privateKey: string;
  /** The public key as one OpenSSH line: "ssh-ed25519 AAAA… comment". */
  publicKey: string;
  /** "SHA256:…", as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The public key blob in SSH wire format. */
  blob: Buffer;
};

// The gateway's probe key lives beside the host key: whoever can read one can read the other.
export const probeKeyPath = (hostKeyPath: string) => `${hostKeyPath}.probe`;

/** The gateway's ed25519 host key, created on first use at SSH_HOST_KEY_PATH (mode 0600) with its .pub beside it. */
export function loadOrCreateHostKey(keyPath: string = env.SSH_HOST_KEY_PATH): Promise<GatewayKey> {
  return loadOrCreateKey(keyPath, "berth-ssh-gateway-host");
}

/** The platform's own client key, which may only run `true` in a starting or running instance (readiness checks). */
export function loadOrCreateProbeKey(hostKeyPath: string = env.SSH_HOST_KEY_PATH): Promise<GatewayKey> {
  return loadOrCreateKey(probeKeyPath(hostKeyPath), "berth-readiness-probe");
}

/** For the "ready" email: the fingerprint of the host key the gateway wrote (from its .pub; never a new key). */
export async function loadHostKeyFingerprint(keyPath: string = env.SSH_HOST_KEY_PATH): Promise<string> {
  return (await readPublicKey(keyPath)).fingerprint;
}

/** The public half from `<keyPath>.pub`, which the gateway rewrites at every start: no access to the secret needed. */
export async function readPublicKey(keyPath: string): Promise<Omit<GatewayKey, "privateKey">> {
  const file = `${keyPath}.pub`;
  const parsed = ssh2.utils.parseKey(await readFile(file, "utf8"));
  if (parsed instanceof Error) throw new Error(`${file} is not an OpenSSH public key: ${parsed.message}`);
  const blob = parsed.getPublicSSH();
  return { publicKey: publicKeyLine(blob, parsed.comment), fingerprint: sshFingerprint(blob), blob };
}

/** Reads an existing private key without creating one. */
export async function readKey(keyPath: string): Promise<GatewayKey> {
  return parse(await readFile(keyPath, "utf8"), keyPath);
}

export async function loadOrCreateKey(keyPath: string, comment: string): Promise<GatewayKey> {
  const file = path.resolve(keyPath);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let text = await readFile(file, "utf8").catch(ignoreMissing);
  if (text === undefined) text = await createOnce(file, comment);
  else if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600); // OpenSSH refuses keys others can read
  const key = parse(text, file);
  const pubFile = `${file}.pub`;
  if ((await readFile(pubFile, "utf8").catch(ignoreMissing)) !== `${key.publicKey}\n`)
    await writeAtomically(pubFile, `${key.publicKey}\n`, 0o644);
  return key;
}

// Two processes starting at once must end up with the same key: link() publishes a complete file or fails with EEXIST.
async function createOnce(file: string, comment: string): Promise<string> {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const { privateKey } = generateEd25519(comment);
  await writeFile(tmp, privateKey, { mode: 0o600, flag: "wx" });
  try {
    await link(tmp, file);
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFile(file, "utf8");
  } finally {
    await unlink(tmp);
  }
}

async function writeAtomically(file: string, text: string, mode: number) {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, text, { mode, flag: "wx" });
  await rename(tmp, file);
}

function parse(text: string, file: string): GatewayKey {
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error || !parsed.isPrivateKey()) {
    throw new Error(
      `${file} is not an unencrypted OpenSSH private key (${parsed instanceof Error ? parsed.message : "public key only"}); move it away to let the gateway create a new one`,
    );
  }
  if (parsed.type !== "ssh-ed25519") throw new Error(`${file} holds a ${parsed.type} key; the gateway uses ed25519`);
  const blob = parsed.getPublicSSH();
  return { privateKey: text, publicKey: publicKeyLine(blob, parsed.comment), fingerprint: sshFingerprint(blob), blob };
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}
