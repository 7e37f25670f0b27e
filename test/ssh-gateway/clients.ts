import ssh2, { type ConnectConfig, type ParsedKey, type PublicKeyAuthMethod } from "ssh2";
import type { SshResult } from "@/test/ssh-gateway/fixtures";

// ssh2's client, for what the OpenSSH command line cannot do: forge signatures, resize, reuse one connection.

/** Logs in with ssh2's client; resolves with the error that ended the attempt, or null once logged in. */
export function ssh2LoginError(config: ConnectConfig): Promise<(Error & { level?: string }) | null> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    client.on("error", resolve).on("ready", () => {
      client.end();
      resolve(null);
    });
    client.connect({ host: "127.0.0.1", readyTimeout: 10_000, ...config });
  });
}

/** Opens a 80x24 shell with ssh2's client, resizes it, and asks `stty size` until the new size shows (or 5s pass). */
export function shellAfterResize(
  login: { port: number; username: string; privateKey: string },
  size: { rows: number; cols: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client().on("error", reject);
    client.on("ready", () =>
      client.shell({ rows: 24, cols: 80, term: "xterm" }, (error, channel) => {
        if (error) return reject(error);
        let out = "";
        const ask = setInterval(() => channel.write("stty size\n"), 200);
        const giveUp = setTimeout(() => channel.write("exit\n"), 5000);
        channel.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes(`${size.rows} ${size.cols}`)) channel.write("exit\n");
        });
        channel.on("close", () => {
          clearInterval(ask);
          clearTimeout(giveUp);
          client.end();
          resolve(out);
        });
        channel.setWindow(size.rows, size.cols, 0, 0);
      }),
    );
    client.connect({ host: "127.0.0.1", ...login });
  });
}

/** One logged-in ssh2 connection that can run several commands, each in a session of its own. */
export function ssh2Connection(login: { port: number; username: string; privateKey: string }) {
  const client = new ssh2.Client();
  const ready = new Promise<void>((resolve, reject) => client.on("ready", resolve).on("error", reject));
  client.connect({ host: "127.0.0.1", ...login });
  const exec = async (command: string) => {
    await ready;
    return new Promise<SshResult>((resolve, reject) =>
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        const result: SshResult = { code: null, stdout: "", stderr: "" };
        channel.on("data", (d: Buffer) => (result.stdout += d));
        channel.stderr.on("data", (d: Buffer) => (result.stderr += d));
        channel.on("exit", (code: number | null) => (result.code = code));
        channel.on("close", () => resolve(result));
      }),
    );
  };
  return { exec, end: () => client.end() };
}

/** A publickey login whose signature is made by `signer` instead of the offered key's own private half. */
export function loginSignedBy(login: { port: number; username: string }, offered: string, signer: string) {
  const [key, other] = [ssh2.utils.parseKey(offered), ssh2.utils.parseKey(signer)] as ParsedKey[];
  const forged: ParsedKey = Object.create(key!);
  forged.sign = (data, algo) => other!.sign(data, algo);
  const method: PublicKeyAuthMethod = { type: "publickey", username: login.username, key: forged };
  return ssh2LoginError({ ...login, authHandler: [method] });
}
