import Docker from "dockerode";

const clients = new Map<string, Docker>();

// One client per Docker Engine endpoint: unix:///path.sock, tcp://host:2375, http://host:2375 or https://host:2376.
export function dockerClient(endpoint: string): Docker {
  let client = clients.get(endpoint);
  if (!client) {
    client = new Docker(dockerOptions(endpoint));
    clients.set(endpoint, client);
  }
  return client;
}

export function dockerOptions(endpoint: string): Docker.DockerOptions {
  if (endpoint.startsWith("unix://")) {
    const socketPath = endpoint.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw new Error(`Docker endpoint ${endpoint} must be an absolute socket path`);
    return { socketPath };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`Docker endpoint "${endpoint}" is not a unix://, tcp://, http:// or https:// address`);
  }
  if (!["tcp:", "http:", "https:"].includes(url.protocol) || !url.hostname) {
    throw new Error(`Docker endpoint "${endpoint}" is not a unix://, tcp://, http:// or https:// address`);
  }
  const protocol = url.protocol === "https:" ? "https" : "http";
  return { protocol, host: url.hostname, port: url.port || (protocol === "https" ? "2376" : "2375") };
}

const OBJECT_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

// Refuses empty or odd ids: "/containers//json" gets a redirect from the Engine that docker-modem follows to a bogus host.
export function checkedId(id: string, what = "container"): string {
  if (!OBJECT_ID.test(id)) throw new Error(`Invalid Docker ${what} id or name: "${id}"`);
  return id;
}

export function container(endpoint: string, id: string) {
  return dockerClient(endpoint).getContainer(checkedId(id));
}

// docker-modem rejects with the Engine API's HTTP status in `statusCode`.
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("statusCode" in error)) return undefined;
  return typeof error.statusCode === "number" ? error.statusCode : undefined;
}

// Resolves to undefined for the listed statuses (304 "already started", 404 "already gone"), so calls can be retried.
export async function ignoreStatus<T>(promise: Promise<T>, ...statuses: number[]): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    const status = httpStatus(error);
    if (status !== undefined && statuses.includes(status)) return undefined;
    throw error;
  }
}

export function errorMessage(error: unknown): string {
  const json =
    typeof error === "object" && error !== null && "json" in error
      ? (error.json as { message?: unknown } | null)
      : null;
  if (json && typeof json.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
