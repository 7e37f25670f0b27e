import { localStacks } from "../../db/catalog-data";

// One recipe per stack built on this machine: the Debian packages of its root, and what `docker import` sets on
// the image. The catalogue row (db/catalog-data.ts) gives the tag and the volume; its command (the starter, from
// db/stack-starters.ts) is the stack's, not the image's, so a changed starter page never rebuilds an image.
// The static site's server is nginx, as in production; its starter runs it as the app's user.
export const SUITE = "bookworm";

export type LocalStack = "node" | "python" | "ruby" | "static";

export type StackImageRecipe = {
  stack: LocalStack;
  tag: string;
  packages: string[];
  /** The directory the instance's volume is mounted on: made here, owned by the app's user. */
  volumePath: string;
  /** Dockerfile instructions applied by the import: the unprivileged user, environment and directory. */
  changes: string[];
};

// `git` receives pushes into the volume and `socat` is the in-container proxy that lets a new release take
// traffic only once it answers (lib/deploys/); each stack has its build tool (npm, venv + pip, bundler). The
// static site takes uploads through OpenSSH's sftp-server.
const DEPLOY = ["git", "socat"];
const PACKAGES: Record<LocalStack, string[]> = {
  node: ["nodejs", "npm", ...DEPLOY],
  python: ["python3", "gunicorn", "python3-venv", "python3-pip", ...DEPLOY],
  ruby: ["ruby", "puma", "ruby-bundler", ...DEPLOY],
  static: ["nginx-light", "openssh-sftp-server", ...DEPLOY],
};

// The user the app runs as (and the SSH shell, which execs as the image's user); it owns the volume's directory.
export const APP_UID = 1000;

export const STACK_IMAGE_RECIPES: StackImageRecipe[] = (Object.keys(PACKAGES) as LocalStack[]).map((stack) => {
  const row = localStacks.find((s) => s.slug === `local-${stack}`);
  if (!row) throw new Error(`db/catalog-data.ts has no local-${stack} stack`);
  return {
    stack,
    tag: row.image,
    packages: PACKAGES[stack],
    volumePath: row.volumePath,
    changes: [
      `USER ${APP_UID}:${APP_UID}`,
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/app LANG=C.UTF-8",
      `WORKDIR ${row.volumePath}`,
      'CMD ["/bin/sh"]',
    ],
  };
});
