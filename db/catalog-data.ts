import type { plans, stacks } from "./schema";
import { starterCommand, type StarterStack } from "./stack-starters";

type NewPlan = typeof plans.$inferInsert;
type NewStack = typeof stacks.$inferInsert;

export const catalogPlans: NewPlan[] = [
  {
    slug: "starter",
    name: "Starter",
    sortOrder: 1,
    trialDays: 14,
    backupRetentionDays: 7,
    description: "A small app, a side project or a staging copy.",
    cpu: 0.5,
    memoryMb: 512,
    diskGb: 5,
    priceCents: 700,
    currency: "usd",
    stripeLookupKey: "berth_starter_monthly",
  },
  {
    slug: "standard",
    name: "Standard",
    sortOrder: 2,
    trialDays: 14,
    backupRetentionDays: 30,
    description: "A production app with steady traffic.",
    cpu: 1,
    memoryMb: 1024,
    diskGb: 20,
    priceCents: 1500,
    currency: "usd",
    stripeLookupKey: "berth_standard_monthly",
  },
  {
    slug: "pro",
    name: "Pro",
    sortOrder: 3,
    trialDays: 0,
    backupRetentionDays: 30,
    description: "Busy apps, background workers and larger databases.",
    cpu: 2,
    memoryMb: 4096,
    diskGb: 50,
    priceCents: 4000,
    currency: "usd",
    stripeLookupKey: "berth_pro_monthly",
  },
];

// Gitea's rootless image runs as its own unprivileged user (the default image's s6 and su-exec need the setuid
// capabilities Berth drops). Its entrypoint writes app.ini from the environment, then runs this command: the
// web server on $PORT, which is the stack's port except on a host-unsafe host.
export const giteaConfig = {
  image: "gitea/gitea:1.22-rootless",
  port: 3000,
  env: {},
  command: ["/bin/sh", "-c", 'exec /usr/local/bin/gitea -c "$GITEA_APP_INI" web --port "$PORT"'],
  healthPath: "/api/healthz",
  volumePath: "/var/lib/gitea",
} satisfies Partial<NewStack>;

export const catalogStacks: NewStack[] = [
  {
    slug: "node",
    name: "Node.js",
    kind: "runtime",
    sortOrder: 1,
    description:
      "Node.js 22, starting with a starter page on your address; your app is the `server.js` you copy in over SSH.",
    image: "node:22-bookworm-slim",
    port: 3000,
    env: { NODE_ENV: "production" },
    command: starterCommand("node", "/srv/app"),
    healthPath: "/",
    volumePath: "/srv/app",
  },
  {
    slug: "python",
    name: "Python",
    kind: "runtime",
    sortOrder: 2,
    description:
      "Python 3.12, starting with a starter page on your address; your WSGI app is the `app:app` you copy in over SSH.",
    image: "python:3.12-slim-bookworm",
    port: 8000,
    env: { PYTHONUNBUFFERED: "1" },
    command: starterCommand("python", "/srv/app"),
    healthPath: "/",
    volumePath: "/srv/app",
  },
  {
    slug: "ruby",
    name: "Ruby",
    kind: "runtime",
    sortOrder: 3,
    description: "Ruby 3.3, starting with a starter page on your address; copy your app in over SSH.",
    image: "ruby:3.3-slim-bookworm",
    port: 3000,
    env: { RACK_ENV: "production" },
    command: starterCommand("ruby", "/srv/app"),
    healthPath: "/",
    volumePath: "/srv/app",
  },
  {
    slug: "gitea",
    name: "Gitea",
    kind: "app",
    sortOrder: 4,
    description: "Your own Git service with issues, pull requests and a package registry.",
    ...giteaConfig,
  },
  {
    slug: "static",
    name: "Static site",
    kind: "static",
    sortOrder: 5,
    description: "HTML, CSS and JavaScript served by nginx, as they are. Upload over SSH.",
    image: "nginx:1.27-alpine",
    // Above 1024: with every capability dropped, not even root binds a privileged port.
    port: 8080,
    env: {},
    command: starterCommand("static", "/usr/share/nginx/html"),
    healthPath: "/",
    volumePath: "/usr/share/nginx/html",
  },
];

// Built by scripts/build-test-images.ts from Debian's static busybox; `npm run dev` and the tests seed it.
export const demoStack: NewStack = {
  slug: "demo",
  name: "Demo web server",
  kind: "static",
  sortOrder: 0,
  description: "A tiny web server for trying Berth locally: busybox httpd serving /srv/www.",
  image: "berth-test/http:latest",
  port: 8080,
  env: {},
  healthPath: "/healthz",
  volumePath: "/srv/www",
};

// Built from Debian bookworm's packages by scripts/stack-images/ (no registry needed): `npm run dev` and the test
// suites offer them besides the demo. They run the same starter as the catalogue's stacks of the same kind.
const localStack = (
  stack: StarterStack,
  name: string,
  port: number,
  sortOrder: number,
  env: Record<string, string> = {},
): NewStack => ({
  slug: `local-${stack}`,
  name: `${name} (local build)`,
  kind: stack === "static" ? "static" : "runtime",
  sortOrder,
  description: `${name} from Debian bookworm's packages, built on this machine; starts with a starter page.`,
  image: `berth-local/${stack}:bookworm`,
  port,
  env,
  command: starterCommand(stack, "/srv/app"),
  healthPath: "/",
  volumePath: "/srv/app",
});

export const localStacks: NewStack[] = [
  localStack("node", "Node.js", 3000, 11, { NODE_ENV: "production" }),
  localStack("python", "Python", 8000, 12, { PYTHONUNBUFFERED: "1" }),
  localStack("ruby", "Ruby", 3000, 13, { RACK_ENV: "production" }),
  localStack("static", "Static site", 8080, 14),
];
