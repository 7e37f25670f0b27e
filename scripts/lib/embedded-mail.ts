import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { readDevEnv } from "../../lib/env";
import { waitForHttp } from "./wait";

export type RunningMailbox = { smtpUrl: string; webUrl: string; stop: () => Promise<void> };

// maildev in a child process: an SMTP server that keeps every message, with a web UI and REST API (GET /email).
export async function startMaildev(opts: {
  smtpPort: number;
  webPort: number;
  mailDir?: string;
}): Promise<RunningMailbox> {
  // A development mailbox shows every message it holds (reset links among them): loopback only, never in production.
  if (readDevEnv().NODE_ENV === "production")
    throw new Error(
      "The development mailbox (maildev) is not started in production: set SMTP_URL to your mail server.",
    );
  const bin = createRequire(import.meta.url).resolve("maildev/bin/maildev");
  const args = [
    bin,
    "--smtp",
    String(opts.smtpPort),
    "--web",
    String(opts.webPort),
    "--ip",
    "127.0.0.1",
    "--web-ip",
    "127.0.0.1",
    "--silent",
  ];
  if (opts.mailDir) args.push("--mail-directory", opts.mailDir);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  const webUrl = `http://127.0.0.1:${opts.webPort}`;
  await waitForHttp(`${webUrl}/email`, { timeoutMs: 20_000, child, name: "maildev" });
  return {
    smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`,
    webUrl,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: import("node:child_process").ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
