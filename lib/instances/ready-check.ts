import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { edgeRootCertificate } from "@/lib/edge/trust";
import { inspectContainer } from "@/lib/providers/docker";
import { connectProbe, probeViaGateway, type ProbeResult } from "@/lib/ssh-gateway/probe";
import { appEndpoint, type AppEndpoint, type InstanceParts } from "./spec";

export type Readiness =
  { ready: true; httpStatus: number; httpMs: number } | { ready: false; fatal: boolean; problem: string };

type Http = { ok: true; status: number; ms: number } | { ok: false; problem: string; answered: boolean };

// Ready means it works: the health path answers 2xx over HTTP from the platform, and the SSH gateway can run a
// command in the container. One check, for the slow path (the check-instance-ready chain): SSH, which costs a
// `docker exec`, is tried only once HTTP answers.
export async function checkReadiness(parts: InstanceParts): Promise<Readiness> {
  const http = await checkHttp(parts);
  return verdict(parts, http, http.ok ? await probeSsh(parts) : { ok: false, error: "not tried before HTTP answers" });
}

// The first seconds after the container starts, watched closely: the two are independent, so the SSH probe runs
// (again after a failure) while the health path is polled at a cadence that starts at 10 ms and slows with time.
// `firstSsh` is an SSH check already under way (see firstSshCheck).
export async function awaitReadiness(
  parts: InstanceParts,
  o: { withinMs: number; firstSsh?: Promise<ProbeResult> },
): Promise<Readiness> {
  const started = Date.now();
  const deadline = started + o.withinMs;
  const ssh = (async () => {
    let result = await (o.firstSsh ?? probeSsh(parts));
    while (!result.ok && Date.now() + 100 <= deadline) {
      await sleep(100);
      result = await probeSsh(parts);
    }
    return result;
  })();
  let http = await checkHttp(parts);
  while (!http.ok) {
    const pause = Math.min(10 + (Date.now() - started) / 10, 250);
    if (Date.now() + pause > deadline) break;
    await sleep(pause);
    http = await checkHttp(parts);
  }
  return verdict(parts, http, await ssh);
}

async function verdict(parts: InstanceParts, http: Http, ssh: ProbeResult): Promise<Readiness> {
  if (!http.ok)
    return (
      (http.answered ? null : await containerProblem(parts)) ?? { ready: false, fatal: false, problem: http.problem }
    );
  if (!ssh.ok) return { ready: false, fatal: false, problem: `SSH does not work yet: ${ssh.error}` };
  return { ready: true, httpStatus: http.status, httpMs: http.ms };
}

async function checkHttp(parts: InstanceParts): Promise<Http> {
  const { healthPath } = parts.stack;
  const started = performance.now();
  try {
    const endpoint = appEndpoint(parts);
    // Through the edge with its local CA, that CA is the one to trust (in production the edge's name is public).
    const throughLocalCa = "connectTo" in endpoint && env.EDGE_TLS === "internal" && env.EDGE_ADMIN_URL;
    const ca = throughLocalCa ? await edgeRootCertificate(env.EDGE_ADMIN_URL!) : undefined;
    const status = await statusOf(endpoint, healthPath, 2000, ca);
    if (status >= 200 && status < 300) return { ok: true, status, ms: Math.round(performance.now() - started) };
    return { ok: false, answered: true, problem: `The health check at ${healthPath} answered ${status}.` };
  } catch (error) {
    return {
      ok: false,
      answered: false,
      problem: `The health check at ${healthPath} did not answer (${(error as Error).message}).`,
    };
  }
}

// The status of one GET, redirects not followed, body discarded. Node's http client rather than fetch: with many
// instances starting at once the health path is polled hundreds of times a second, and fetch costs about twice
// the CPU per request; it also speaks HTTP over the relay's Unix socket.
export function statusOf(endpoint: AppEndpoint, pathname: string, timeoutMs: number, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions =
      "url" in endpoint
        ? { ...urlOptions(new URL(pathname, endpoint.url), endpoint.connectTo), agent: false, timeout: timeoutMs, ca }
        : {
            socketPath: endpoint.socketPath,
            path: pathname,
            headers: { host: "localhost" },
            agent: false,
            timeout: timeoutMs,
          };
    const req = (options.protocol === "https:" ? https : http).get(options, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

// With `connectTo`, the connection goes to that address while the request (Host, SNI) names the URL's host.
const urlOptions = (url: URL, connectTo?: string): https.RequestOptions => ({
  protocol: url.protocol,
  hostname: connectTo ?? url.hostname,
  port: url.port,
  path: url.pathname + url.search,
  ...(connectTo ? { servername: url.hostname, headers: { host: url.host } } : {}),
});

const probeOptions = (slug: string) => ({ host: "127.0.0.1", port: env.SSH_GATEWAY_PORT, slug, timeoutMs: 5000 });
const probeSsh = ({ instance }: InstanceParts) => probeViaGateway(probeOptions(instance.slug));

export type OpenedProbe = Awaited<ReturnType<typeof connectProbe>>;

// Logs the probe in to the gateway ahead of the check; the caller closes it.
export const openProbe = (slug: string): Promise<OpenedProbe> =>
  connectProbe(probeOptions(slug)).catch((error: unknown) => ({ ok: false as const, error: String(error) }));

// The first SSH check, on a connection opened while the container was being made (a fresh one if that failed).
export async function firstSshCheck(parts: InstanceParts, opened: Promise<OpenedProbe>): Promise<ProbeResult> {
  const probe = await opened;
  return probe.ok ? probe.probe.run() : probeSsh(parts);
}

// The container is inspected only to explain why the health path does not answer.
async function containerProblem({ instance, host }: InstanceParts): Promise<Readiness | null> {
  const info = await inspectContainer(host.endpoint, instance.containerId!);
  if (!info) return { ready: false, fatal: false, problem: "The container is not there yet." };
  if (info.State.Running) return null;
  return {
    ready: false,
    fatal: info.State.Status === "exited",
    problem: `The container is ${info.State.Status} (exit code ${info.State.ExitCode}).`,
  };
}
