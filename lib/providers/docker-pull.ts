import { dockerClient, errorMessage, ignoreStatus } from "./docker-client";

export type PullProgress = { bytes: number; totalBytes: number; layers: number };
type PullEvent = {
  id?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
};

// A reference without a tag or digest would make the engine pull every tag of the repository.
const withTag = (image: string) => (/@|:[^/]*$/.test(image) ? image : `${image}:latest`);

// Pulls an image the host lacks, reporting the bytes downloaded so far across its layers. A registry that cannot be
// reached, an unknown image or a stalled download ends it with the engine's reason.
export async function pullImage(
  endpoint: string,
  image: string,
  onProgress: (p: PullProgress) => void = () => {},
  opts: { stallMs?: number } = {},
) {
  const docker = dockerClient(endpoint);
  const abort = new AbortController();
  const stallMs = opts.stallMs ?? 60_000;
  let stall = setTimeout(() => abort.abort(), stallMs);
  const layers = new Map<string, { current: number; total: number }>();
  try {
    const stream = await docker.createImage({ fromImage: withTag(image), abortSignal: abort.signal });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (event: PullEvent) => {
          if (event.error) return reject(new Error(event.errorDetail?.message ?? event.error));
          clearTimeout(stall);
          stall = setTimeout(() => abort.abort(), stallMs);
          const detail = event.progressDetail;
          if (!event.id || event.status !== "Downloading" || !detail?.total) return;
          layers.set(event.id, { current: detail.current ?? 0, total: detail.total });
          let bytes = 0,
            totalBytes = 0;
          for (const l of layers.values()) {
            bytes += l.current;
            totalBytes += l.total;
          }
          onProgress({ bytes, totalBytes, layers: layers.size });
        },
      );
    });
  } catch (error) {
    const reason = abort.signal.aborted ? `no progress for ${Math.round(stallMs / 1000)} s` : errorMessage(error);
    throw new Error(`Pulling ${image} failed: ${reason}`, { cause: error });
  } finally {
    clearTimeout(stall);
  }
  const size = (await docker.getImage(image).inspect()).Size;
  return { sizeBytes: size };
}

export const megabytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1e6))} MB`;

export async function hasImage(endpoint: string, image: string) {
  const found = await ignoreStatus(dockerClient(endpoint).getImage(image).inspect(), 404);
  return found !== undefined;
}
