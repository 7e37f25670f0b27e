import type { Host, Instance, Plan, Stack } from "@/db/schema";
import { env } from "@/lib/env";
import { relaySocketPath, type ContainerSpec, type NetworkPlan } from "@/lib/providers/docker";
import { containerName } from "./names";

export type InstanceParts = { instance: Instance; plan: Plan; stack: Stack; host: Host };
export type NetworkMode = NetworkPlan["mode"];
export const NETWORK_MODES = ["isolated", "bridge", "host-unsafe"] as const satisfies readonly NetworkMode[];

export function networkPlan(host: Pick<Host, "networkMode">): NetworkPlan {
  switch (host.networkMode) {
    case "isolated":
      return { mode: "isolated", socketDir: env.INSTANCE_SOCKET_DIR, relayImage: env.RELAY_IMAGE };
    case "bridge":
      return { mode: "bridge", edgeContainer: env.EDGE_CONTAINER };
    case "host-unsafe":
      return { mode: "host-unsafe" };
    default:
      throw new Error(`Host network mode "${host.networkMode}" is not one of ${NETWORK_MODES.join(", ")}`);
  }
}

// The app listens on the stack's port in a namespace of its own; only host-unsafe gives it the instance's host port.
export const appPort = ({ instance, stack, host }: Omit<InstanceParts, "plan">) =>
  host.networkMode === "host-unsafe" ? instance.port! : stack.port;

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
    network: networkPlan(host),
    diskGb: plan.diskGb,
    labels: { "berth.owner": instance.ownerId },
  };
}

// Where the platform reaches the app for health checks: the relay's socket when isolated, the app's own port when
// host-unsafe, else the edge's HTTPS port on its own address, asking for the instance's name.
export type AppEndpoint = { socketPath: string } | { url: string; connectTo?: string };
export function appEndpoint(parts: Omit<InstanceParts, "plan">): AppEndpoint {
  if (parts.host.networkMode === "isolated")
    return { socketPath: relaySocketPath(env.INSTANCE_SOCKET_DIR, parts.instance.id) };
  if (parts.host.networkMode === "host-unsafe") return { url: instanceUrl(parts) };
  const connectTo = env.EDGE_LISTEN_ADDRESS === "0.0.0.0" ? "127.0.0.1" : env.EDGE_LISTEN_ADDRESS;
  return { url: instanceUrl(parts), connectTo };
}

// The instance's name at the edge. Slugs are DNS labels (lowercase letters, digits and dashes).
export const instanceHostname = (slug: string) => `${slug}.${env.APPS_DOMAIN}`;

// Where the customer opens it: its own name under the apps domain at the edge, or, on a host-unsafe host (no
// edge in front), the app's own port on the host's public address.
export function instanceUrl(parts: Omit<InstanceParts, "plan">): string {
  if (parts.host.networkMode === "host-unsafe") return `http://${parts.host.publicAddress}:${parts.instance.port}`;
  const port = env.EDGE_HTTPS_PORT === 443 ? "" : `:${env.EDGE_HTTPS_PORT}`;
  return `https://${instanceHostname(parts.instance.slug)}${port}`;
}

export function sshCommand(slug: string) {
  return `ssh -p ${env.SSH_GATEWAY_PORT} ${slug}@${env.SSH_GATEWAY_HOST}`;
}
