import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { readE2eEdge } from "../scripts/test/e2e-edge";

// A Chromium whose only extra trust is the edge's local CA, in an NSS database of its own (Chromium on Linux
// reads $HOME/.pki/nssdb): certificate errors are not ignored, so a page loads only over a chain from that CA.
export async function browserTrustingEdge(
  launchOptions: { args?: string[] } | undefined,
  extraArgs: string[] = [],
): Promise<Browser> {
  const home = mkdtempSync(path.join(tmpdir(), "berth-e2e-edge-"));
  const nssdb = path.join(home, ".pki", "nssdb");
  mkdirSync(nssdb, { recursive: true });
  const { rootCertificate } = await readE2eEdge();
  execFileSync("certutil", ["-N", "-d", `sql:${nssdb}`, "--empty-password"]);
  execFileSync("certutil", ["-A", "-d", `sql:${nssdb}`, "-n", "berth-edge", "-t", "C,,", "-i", rootCertificate]);
  return chromium.launch({
    ...launchOptions,
    args: [...(launchOptions?.args ?? []), ...extraArgs],
    env: { ...process.env, HOME: home },
  });
}
