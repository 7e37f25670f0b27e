import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "@/scripts/lib/free-port";
import { stopChild } from "@/scripts/lib/embedded-mail";

const SCHEMA = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql";

// A real PowerDNS authoritative server on loopback (Debian's pdns-server with its sqlite3 backend): DNS on a UDP
// and TCP port of its own, the HTTP API on another, its database in a directory of its own. Fails when missing.
export async function startPowerDns() {
  if (!existsSync("/usr/sbin/pdns_server") || !existsSync(SCHEMA))
    throw new Error("The PowerDNS tests need apt-get install pdns-server pdns-backend-sqlite3 sqlite3.");
  const dir = mkdtempSync(path.join(tmpdir(), "berth-pdns-"));
  const database = path.join(dir, "pdns.sqlite3");
  execFileSync("sqlite3", [database, `.read ${SCHEMA}`]);
  const [dnsPort, apiPort] = [await freePort(), await freePort()];
  const apiKey = randomBytes(16).toString("hex");
  writeFileSync(
    path.join(dir, "pdns.conf"),
    [
      "launch=gsqlite3",
      `gsqlite3-database=${database}`,
      "local-address=127.0.0.1",
      `local-port=${dnsPort}`,
      "api=yes",
      `api-key=${apiKey}`,
      "webserver=yes",
      "webserver-address=127.0.0.1",
      `webserver-port=${apiPort}`,
      "webserver-allow-from=127.0.0.1",
      `socket-dir=${dir}`,
      "daemon=no",
      "guardian=no",
      "disable-syslog=yes",
      "loglevel=3",
      // Answers follow each change at once: no packet, query or negative caching.
      "cache-ttl=0",
      "query-cache-ttl=0",
      "negquery-cache-ttl=0",
    ].join("\n"),
  );
  const child = spawn("/usr/sbin/pdns_server", [`--config-dir=${dir}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${apiUrl}/api/v1/servers/localhost`, { headers: { "X-API-Key": apiKey } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { apiUrl, apiKey, dns: `127.0.0.1:${dnsPort}`, stop: () => stopChild(child) };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  await stopChild(child);
  throw new Error(`pdns_server did not start: ${stderr.slice(-2000)}`);
}
