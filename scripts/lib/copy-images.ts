import { dockerClient, httpStatus } from "../../lib/providers/docker-client";

// Copies images from one engine to another as `docker save | docker load` does, streamed: an image the target
// already holds under the same id is left alone.
export async function copyImages(from: string, to: string, tags: string[]) {
  const source = dockerClient(from);
  const target = dockerClient(to);
  for (const tag of tags) {
    const { Id } = await source.getImage(tag).inspect();
    const present = await target
      .getImage(tag)
      .inspect()
      .catch((error: unknown) => {
        if (httpStatus(error) === 404) return null;
        throw error;
      });
    if (present?.Id === Id) continue;
    const tarball = await source.getImage(tag).get();
    const loading = await target.loadImage(tarball, { quiet: true });
    await new Promise<void>((resolve, reject) =>
      target.modem.followProgress(loading, (error) => (error ? reject(error) : resolve())),
    );
  }
}
