import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

// Polls until the URL answers (any HTTP status), failing early if the child that should serve it exits.
export async function waitForHttp(url: string, opts: { timeoutMs: number; child?: ChildProcess; name: string }) {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (opts.child && opts.child.exitCode !== null) {
      throw new Error(`${opts.name} exited with code ${opts.child.exitCode} before it was ready`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await sleep(150);
    }
  }
  throw new Error(`${opts.name} did not answer at ${url} within ${opts.timeoutMs / 1000}s`);
}
