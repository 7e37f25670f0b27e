import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePublicKey } from "@/lib/ssh-keys";
import { demuxer } from "./docker-session";
import {
  loadHostKeyFingerprint,
  loadOrCreateHostKey,
  loadOrCreateProbeKey,
  probeKeyPath,
  readKey,
  readPublicKey,
} from "./host-key";

let dir: string;
const keygen = (...args: string[]) =>
  execFileSync("ssh-keygen", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "berth-hostkey-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the gateway's host key", () => {
  it("is created once as an OpenSSH ed25519 key (mode 0600) that ssh2 and ssh-keygen both read", async () => {
    const file = path.join(dir, "a", "host_ed25519_key");
    const key = await loadOrCreateHostKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(ssh2.utils.parseKey(key.privateKey)).toMatchObject({ type: "ssh-ed25519" });
    expect(keygen("-y", "-f", file).trim()).toBe(key.publicKey);
    expect(readFileSync(`${file}.pub`, "utf8")).toBe(`${key.publicKey}\n`);
    expect(await loadOrCreateHostKey(file)).toEqual(key);
  });

  it("has the fingerprint ssh-keygen -lf prints, and the one the app computes for uploaded keys", async () => {
    const file = path.join(dir, "b", "host_ed25519_key");
    const key = await loadOrCreateHostKey(file);
    expect(keygen("-lf", `${file}.pub`)).toBe(`256 ${key.fingerprint} berth-ssh-gateway-host (ED25519)\n`);
    expect(keygen("-lf", file)).toContain(` ${key.fingerprint} `);
    expect(parsePublicKey(key.publicKey)).toMatchObject({ ok: true, key: { fingerprint: key.fingerprint } });
    expect(await loadHostKeyFingerprint(file)).toBe(key.fingerprint);
    expect(await readPublicKey(file)).toEqual({
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      blob: key.blob,
    });
  });

  it("ends up with one key when several processes start at once", async () => {
    const file = path.join(dir, "c", "host_ed25519_key");
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateHostKey(file)));
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(1);
    expect(keys[0]!.fingerprint).toBe((await readKey(file)).fingerprint);
  });

  it("keeps a probe key of its own beside the host key", async () => {
    const file = path.join(dir, "d", "host_ed25519_key");
    const [host, probe] = [await loadOrCreateHostKey(file), await loadOrCreateProbeKey(file)];
    expect(probe.fingerprint).not.toBe(host.fingerprint);
    expect(existsSync(probeKeyPath(file))).toBe(true);
    expect(statSync(probeKeyPath(file)).mode & 0o777).toBe(0o600);
  });

  it("tightens a key file others can read, and refuses a file that is not an ed25519 private key", async () => {
    const file = path.join(dir, "e", "host_ed25519_key");
    await loadOrCreateHostKey(file);
    chmodSync(file, 0o644);
    await loadOrCreateHostKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const rsa = path.join(dir, "rsa_key");
    keygen("-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa);
    await expect(loadOrCreateHostKey(rsa)).rejects.toThrow(/holds a ssh-rsa key/);
    writeFileSync(path.join(dir, "junk"), "not a key");
    await expect(loadOrCreateHostKey(path.join(dir, "junk"))).rejects.toThrow(/not an unencrypted OpenSSH private key/);
    await expect(readKey(path.join(dir, "missing"))).rejects.toThrow(/ENOENT/);
    expect(existsSync(path.join(dir, "missing"))).toBe(false);
  });
});

describe("docker exec stream demultiplexing", () => {
  it("splits stdout and stderr frames, also when a frame spans chunks", async () => {
    const frame = (type: number, text: string) =>
      Buffer.concat([Buffer.from([type, 0, 0, 0]), Buffer.from([0, 0, 0, text.length]), Buffer.from(text)]);
    const [out, err] = [new PassThrough(), new PassThrough()];
    const collected = { out: "", err: "" };
    out.on("data", (d: Buffer) => (collected.out += d));
    err.on("data", (d: Buffer) => (collected.err += d));
    const all = Buffer.concat([frame(1, "hello "), frame(2, "oops"), frame(1, "world"), frame(1, "")]);
    const sink = demuxer(out, err);
    for (let i = 0; i < all.length; i += 5) sink.write(all.subarray(i, i + 5));
    await new Promise((resolve) => sink.end(resolve));
    expect(collected).toEqual({ out: "hello world", err: "oops" });
  });
});
