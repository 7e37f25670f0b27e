import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { dockerClient, httpStatus } from "../../lib/providers/docker-client";
import { APP_UID, STACK_IMAGE_RECIPES, SUITE, type StackImageRecipe } from "./recipes";

const execFileAsync = promisify(execFile);
const HASH_LABEL = "berth.stack-image.recipe-sha256";
// One cache per checkout, shared by `npm run dev`, the tests and the end-to-end suite (each has its own engine).
export const STACK_IMAGE_CACHE_DIR = path.resolve(import.meta.dirname, "../../.data/stack-images");

// Only what the app needs: Debian's essential packages and the stack's, no apt (instances have no network),
// no docs, manuals or translations.
const SLIM = [
  "--variant=essential",
  '--aptopt=Acquire::Languages "none"',
  ...["/usr/share/doc/*", "/usr/share/man/*", "/usr/share/info/*", "/usr/share/locale/*", "/usr/share/lintian/*"].map(
    (p) => `--dpkgopt=path-exclude=${p}`,
  ),
  "--dpkgopt=path-include=/usr/share/doc/*/copyright",
];

function mmdebstrapArgs(recipe: StackImageRecipe, out: string) {
  const id = APP_UID;
  return [
    ...SLIM,
    `--include=${recipe.packages.join(",")}`,
    // The app's user, written directly: the essential set has no useradd.
    `--customize-hook=echo 'app:x:${id}:${id}:app:/home/app:/bin/sh' >> "$1/etc/passwd" && echo 'app:x:${id}:' >> "$1/etc/group"`,
    `--customize-hook=mkdir -p "$1/home/app" "$1${recipe.volumePath}" && chown ${id}:${id} "$1/home/app" "$1${recipe.volumePath}"`,
    // apt's lists and caches are of no use without a network.
    `--customize-hook=rm -rf "$1/var/lib/apt/lists/"* "$1/var/cache/apt/"*`,
    // The name of a partial file says nothing of its format.
    "--format=tar",
    SUITE,
    out,
  ];
}

// Everything that shapes the image: a change to any of it builds anew, an unchanged recipe never does.
export function recipeHash(recipe: StackImageRecipe) {
  return createHash("sha256")
    .update(JSON.stringify({ recipe, args: mmdebstrapArgs(recipe, "-") }))
    .digest("hex");
}

export type BuiltImage = { tag: string; action: "up to date" | "imported" | "built"; seconds: number };

// The Debian root is kept as a tarball in cacheDir (built once), so a new engine (each test run has one) only imports it.
export async function ensureStackImage(
  endpoint: string,
  recipe: StackImageRecipe,
  cacheDir = STACK_IMAGE_CACHE_DIR,
): Promise<BuiltImage> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const hash = recipeHash(recipe);
  const docker = dockerClient(endpoint);
  const current = await docker
    .getImage(recipe.tag)
    .inspect()
    .catch((error: unknown) => {
      if (httpStatus(error) === 404) return null;
      throw error;
    });
  if (current?.Config.Labels?.[HASH_LABEL] === hash)
    return { tag: recipe.tag, action: "up to date", seconds: seconds() };

  const tarball = await buildRoot(recipe, hash, cacheDir);
  const [repo, tag] = recipe.tag.split(":") as [string, string];
  const stream = await docker.importImage(createReadStream(tarball.file), {
    repo,
    tag,
    changes: [...recipe.changes, `LABEL ${HASH_LABEL}=${hash}`],
  });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const failure = output.find((line) => line.error);
  if (failure) throw new Error(`Importing ${recipe.tag} failed: ${failure.error}`);
  return { tag: recipe.tag, action: tarball.built ? "built" : "imported", seconds: seconds() };
}

async function buildRoot(recipe: StackImageRecipe, hash: string, cacheDir: string) {
  const file = path.join(cacheDir, `${recipe.stack}-${hash.slice(0, 16)}.tar`);
  if (existsSync(file)) return { file, built: false };
  await mkdir(cacheDir, { recursive: true });
  // Written aside and renamed once complete, so an interrupted build (or one that runs beside it) is never taken for a
  // finished one.
  const partial = `${file}.${process.pid}.partial`;
  try {
    await execFileAsync("mmdebstrap", ["--quiet", ...mmdebstrapArgs(recipe, partial)], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    await rm(partial, { force: true });
    const e = error as Error & { stderr?: string; code?: string };
    if (e.code === "ENOENT")
      throw new Error("Building the stack images needs mmdebstrap (apt-get install mmdebstrap).");
    throw new Error(`mmdebstrap could not build ${recipe.tag}: ${e.stderr?.trim() || e.message}`);
  }
  await rename(partial, file);
  return { file, built: true };
}

// Two at a time: a build waits on the mirror as much as on the CPU, and the machine may have only two cores.
export async function buildStackImages(
  endpoint: string,
  log: (line: string) => void = () => {},
  cacheDir = STACK_IMAGE_CACHE_DIR,
) {
  const queue = [...STACK_IMAGE_RECIPES];
  const results: BuiltImage[] = [];
  const worker = async () => {
    for (let recipe = queue.shift(); recipe; recipe = queue.shift()) {
      const built = await ensureStackImage(endpoint, recipe, cacheDir);
      log(`${built.tag}: ${built.action} in ${built.seconds} s`);
      results.push(built);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

// `tsx scripts/stack-images/build.ts`: builds (or imports) them into the engine at DOCKER_HOST.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const endpoint = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  await buildStackImages(endpoint, (line) => console.log(line));
}
