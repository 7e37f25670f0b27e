import { env } from "@/lib/env";
import { inspectContainer } from "@/lib/providers/docker";
import { probeViaGateway } from "@/lib/ssh-gateway/probe";
import { instanceUrl, type InstanceParts } from "./spec";

export type Readiness =
  | { ready: true; httpStatus: number; httpMs: number }
  | { ready: false; fatal: boolean; problem: string };

// Ready means it works: the health path answers 2xx over HTTP from the platform, and the SSH gateway can run a
// command in the container (which also proves it runs). The container is inspected only to explain a failure.
export async function checkReadiness(parts: InstanceParts): Promise<Readiness> {
  const { instance, stack } = parts;
  const url = new URL(stack.healthPath, instanceUrl(parts)).toString();
  const started = performance.now();
  let status: number;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
    await res.body?.cancel();
    status = res.status;
  } catch (error) {
    return (await containerProblem(parts)) ?? { ready: false, fatal: false, problem: `The health check at ${stack.healthPath} did not answer (${(error as Error).message}).` };
  }
  const httpMs = Math.round(performance.now() - started);
  if (status < 200 || status >= 300) return { ready: false, fatal: false, problem: `The health check at ${stack.healthPath} answered ${status}.` };

  const ssh = await probeViaGateway({ host: "127.0.0.1", port: env.SSH_GATEWAY_PORT, slug: instance.slug, timeoutMs: 5000 });
  if (!ssh.ok) return { ready: false, fatal: false, problem: `SSH does not work yet: ${ssh.error}` };
  return { ready: true, httpStatus: status, httpMs };
}

async function containerProblem({ instance, host }: InstanceParts): Promise<Readiness | null> {
  const info = await inspectContainer(host.endpoint, instance.containerId!);
  if (!info) return { ready: false, fatal: false, problem: "The container is not there yet." };
  if (info.State.Running) return null;
  return { ready: false, fatal: info.State.Status === "exited", problem: `The container is ${info.State.Status} (exit code ${info.State.ExitCode}).` };
}
