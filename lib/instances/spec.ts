import type { Host, Instance, Plan, Stack } from "@/db/schema";
import { env } from "@/lib/env";
import type { ContainerSpec } from "@/lib/providers/docker";
import { containerName } from "./names";

export type InstanceParts = { instance: Instance; plan: Plan; stack: Stack; host: Host };

// With host networking the app listens on the instance's own loopback port; behind the proxy, on the stack's.
export const appPort = ({ instance, stack, host }: Omit<InstanceParts, "plan">) =>
  host.networkMode === "host" ? instance.port! : stack.port;

export function containerSpec(parts: InstanceParts): ContainerSpec {
  const { instance, plan, stack, host } = parts;
  return {
    endpoint: host.endpoint,
    instanceId: instance.id,
    name: containerName(instance.slug),
    image: stack.image,
    command: stack.command,
    env: { ...stack.env, BERTH_INSTANCE: instance.slug },
    port: appPort(parts),
    cpu: plan.cpu,
    memoryMb: plan.memoryMb,
    volumePath: stack.volumePath,
    network: host.networkMode,
    labels: { "berth.owner": instance.ownerId },
  };
}

// Where the platform reaches the app for health checks, and where the customer opens it.
export function instanceUrl(parts: Omit<InstanceParts, "plan">): string {
  const { instance, host } = parts;
  if (host.networkMode === "host") return `http://${host.publicAddress}:${appPort(parts)}`;
  return `http://${containerName(instance.slug)}:${appPort(parts)}`;
}

export function sshCommand(slug: string) {
  return `ssh -p ${env.SSH_GATEWAY_PORT} ${slug}@${env.SSH_GATEWAY_HOST}`;
}
