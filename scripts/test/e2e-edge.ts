import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

// What the Playwright specs need of the e2e server's edge: the root certificate of its local CA, which the
// browser that opens instance addresses trusts (and nothing else does).
export const E2E_EDGE_FILE = ".data/test/e2e/edge.json";

export type E2eEdge = { rootCertificate: string };

export async function writeE2eEdge(info: E2eEdge) {
  await mkdir(path.dirname(E2E_EDGE_FILE), { recursive: true });
  await writeFile(E2E_EDGE_FILE, JSON.stringify(info, null, 2));
}

export async function readE2eEdge(): Promise<E2eEdge> {
  return JSON.parse(await readFile(E2E_EDGE_FILE, "utf8")) as E2eEdge;
}
