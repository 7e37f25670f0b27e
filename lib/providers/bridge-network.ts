import type Docker from "dockerode";
import { checkedId, dockerClient, httpStatus, ignoreStatus } from "./docker-client";

// bridge mode (production on many hosts): each instance gets a network of its own that only the edge joins, so
// instances cannot reach each other; the edge reaches the app by container name. Berth's own services must not be
// reachable from these networks (see the README: bind them to loopback or firewall the bridges).
export type BridgeNetwork = { mode: "bridge"; edgeContainer?: string };
export const NETWORK_LABEL = "berth.network";
export const bridgeNetworkName = (instanceId: string) => `berth-net-${checkedId(instanceId, "instance")}`;

export function bridgeNetworkConfig(instanceId: string): Docker.NetworkCreateOptions {
  return {
    Name: bridgeNetworkName(instanceId),
    Driver: "bridge",
    CheckDuplicate: true,
    Labels: { [NETWORK_LABEL]: instanceId },
    // Masquerading stays on so apps can call out; the network holds the instance and the edge, nothing else.
    Options: { "com.docker.network.bridge.enable_icc": "true" },
  };
}

export async function ensureBridgeNetwork(endpoint: string, instanceId: string, network: BridgeNetwork) {
  const docker = dockerClient(endpoint);
  const name = bridgeNetworkName(instanceId);
  const existing = await docker.listNetworks({ filters: { name: [name] } });
  if (!existing.some((n) => n.Name === name)) {
    await docker.createNetwork(bridgeNetworkConfig(instanceId)).catch((error: unknown) => {
      if (httpStatus(error) !== 409) throw error;
    });
  }
  if (network.edgeContainer) {
    // 403: already connected.
    await ignoreStatus(docker.getNetwork(name).connect({ Container: network.edgeContainer }), 403);
  }
  return name;
}

export async function removeBridgeNetwork(endpoint: string, instanceId: string) {
  const docker = dockerClient(endpoint);
  const name = bridgeNetworkName(instanceId);
  const existing = await docker.listNetworks({ filters: { label: [`${NETWORK_LABEL}=${instanceId}`] } });
  for (const n of existing) {
    const net = docker.getNetwork(n.Id);
    const info = (await ignoreStatus(net.inspect(), 404)) as { Containers?: Record<string, unknown> } | undefined;
    for (const id of Object.keys(info?.Containers ?? {}))
      await ignoreStatus(net.disconnect({ Container: id, Force: true }), 404);
    await ignoreStatus(net.remove(), 404);
  }
  return name;
}
