import { readFile } from "node:fs/promises";
import ssh2 from "ssh2";
import { env } from "@/lib/env";
import { PROBE_COMMAND } from "./access";
import { probeKeyPath, readPublicKey } from "./host-key";

export type ProbeResult = { ok: true } | { ok: false; error: string };

export type ProbeOptions = {
  slug: string;
  /** Where the gateway listens; defaults to SSH_GATEWAY_HOST and SSH_GATEWAY_PORT, the address customers are given. */
  host?: string;
  port?: number;
  /** The gateway's SSH_HOST_KEY_PATH: the probe key is read from `<path>.probe`, the host key to expect from `<path>.pub`. */
  hostKeyPath?: string;
  timeoutMs?: number;
};

/**
 * The readiness check "the SSH gateway can run a command in it": logs in as `<slug>` with the gateway's probe key,
 * runs `true`, and succeeds only on exit code 0. Accepted while the instance is starting or running.
 */
export async function probeViaGateway(opts: ProbeOptions): Promise<ProbeResult> {
  const connected = await connectProbe(opts);
  if (!connected.ok) return connected;
  try {
    return await connected.probe.run();
  } finally {
    connected.probe.close();
  }
}

export type ProbeConnection = { run: () => Promise<ProbeResult>; close: () => void };

/**
 * A logged-in probe connection, to run `true` on later (again after a failure). The gateway lets the probe log
 * in while the instance is still provisioning, so the handshake can happen while its container is being made.
 */
export async function connectProbe(
  opts: ProbeOptions,
): Promise<{ ok: true; probe: ProbeConnection } | { ok: false; error: string }> {
  const keyPath = opts.hostKeyPath ?? env.SSH_HOST_KEY_PATH;
  const host = opts.host ?? env.SSH_GATEWAY_HOST;
  const port = opts.port ?? env.SSH_GATEWAY_PORT;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let privateKey: string;
  let hostKey: Buffer;
  try {
    privateKey = await readFile(probeKeyPath(keyPath), "utf8");
    hostKey = (await readPublicKey(keyPath)).blob;
  } catch (error) {
    return {
      ok: false,
      error: `the SSH gateway's keys at ${keyPath} are not readable (has the gateway started?): ${messageOf(error)}`,
    };
  }

  const client = new ssh2.Client();
  let lost: string | null = null;
  const connected = await new Promise<ProbeResult>((resolve) => {
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          error: `the SSH gateway at ${host}:${port} did not let the probe in within ${timeoutMs / 1000}s`,
        }),
      timeoutMs,
    );
    function done(result: ProbeResult) {
      clearTimeout(timer);
      resolve(result);
    }
    client.on("error", (error: Error & { level?: string }) => {
      const refused = error.level === "client-authentication";
      lost = refused
        ? `the SSH gateway refused the probe for "${opts.slug}" (unknown, or neither starting nor running)`
        : `SSH gateway at ${host}:${port}: ${error.message}`;
      done({ ok: false, error: lost });
    });
    client.on("close", () => (lost ??= `the SSH gateway at ${host}:${port} closed the connection`));
    client.on("ready", () => done({ ok: true }));
    client.connect({
      host,
      port,
      username: opts.slug,
      privateKey,
      // Only the gateway whose host key sits beside the probe key: a stray listener on that port proves nothing.
      hostVerifier: (key: Buffer) => key.equals(hostKey),
      readyTimeout: timeoutMs,
    });
    client.setNoDelay(true);
  });
  if (!connected.ok) {
    client.end();
    return connected;
  }
  const run = () =>
    new Promise<ProbeResult>((resolve) => {
      if (lost) return resolve({ ok: false, error: lost });
      const timer = setTimeout(
        () =>
          done({
            ok: false,
            error: `\`${PROBE_COMMAND}\` through the SSH gateway did not finish within ${timeoutMs / 1000}s`,
          }),
        timeoutMs,
      );
      function done(result: ProbeResult) {
        clearTimeout(timer);
        resolve(result);
      }
      const started = (fn: () => void) => {
        try {
          fn();
        } catch (error) {
          done({ ok: false, error: `the SSH gateway connection is gone: ${messageOf(error)}` });
        }
      };
      started(() =>
        client.exec(PROBE_COMMAND, (error, channel) => {
          if (error) return done({ ok: false, error: `the SSH gateway would not run a command: ${error.message}` });
          let stderr = "";
          let exitCode: number | null = null;
          channel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
          channel.on("exit", (code: number | null) => (exitCode = code));
          channel.on("data", () => {});
          channel.on("close", () => {
            if (exitCode === 0) return done({ ok: true });
            done({
              ok: false,
              error: `\`${PROBE_COMMAND}\` through the SSH gateway exited with ${exitCode ?? "no exit code"}${stderr.trim() ? `: ${stderr.trim()}` : ""}`,
            });
          });
        }),
      );
    });
  return { ok: true, probe: { run, close: () => client.end() } };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
