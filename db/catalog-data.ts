import type { plans, stacks } from "./schema";

type NewPlan = typeof plans.$inferInsert;
type NewStack = typeof stacks.$inferInsert;

export const catalogPlans: NewPlan[] = [
  {
    slug: "starter", name: "Starter", sortOrder: 1, trialDays: 14,
    description: "A small app, a side project or a staging copy.",
    cpu: 0.5, memoryMb: 512, diskGb: 5, priceCents: 700, currency: "usd", stripeLookupKey: "berth_starter_monthly",
  },
  {
    slug: "standard", name: "Standard", sortOrder: 2, trialDays: 14,
    description: "A production app with steady traffic.",
    cpu: 1, memoryMb: 1024, diskGb: 20, priceCents: 1500, currency: "usd", stripeLookupKey: "berth_standard_monthly",
  },
  {
    slug: "pro", name: "Pro", sortOrder: 3, trialDays: 0,
    description: "Busy apps, background workers and larger databases.",
    cpu: 2, memoryMb: 4096, diskGb: 50, priceCents: 4000, currency: "usd", stripeLookupKey: "berth_pro_monthly",
  },
];

export const catalogStacks: NewStack[] = [
  {
    slug: "node", name: "Node.js", kind: "runtime", sortOrder: 1,
    description: "Node.js 22 app server: push your app and run `npm start`.",
    image: "node:22-bookworm-slim", port: 3000, env: { NODE_ENV: "production" }, healthPath: "/", volumePath: "/srv/app",
  },
  {
    slug: "python", name: "Python", kind: "runtime", sortOrder: 2,
    description: "Python 3.12 app server for Django, Flask or FastAPI behind gunicorn.",
    image: "python:3.12-slim-bookworm", port: 8000, env: { PYTHONUNBUFFERED: "1" }, healthPath: "/", volumePath: "/srv/app",
  },
  {
    slug: "ruby", name: "Ruby", kind: "runtime", sortOrder: 3,
    description: "Ruby 3.3 app server for Rails or Sinatra behind Puma.",
    image: "ruby:3.3-slim-bookworm", port: 3000, env: { RACK_ENV: "production" }, healthPath: "/", volumePath: "/srv/app",
  },
  {
    slug: "gitea", name: "Gitea", kind: "app", sortOrder: 4,
    description: "Your own Git service with issues, pull requests and a package registry.",
    image: "gitea/gitea:1.22", port: 3000, env: {}, healthPath: "/api/healthz", volumePath: "/data",
  },
  {
    slug: "static", name: "Static site", kind: "static", sortOrder: 5,
    description: "HTML, CSS and JavaScript served by nginx. Upload over SSH.",
    image: "nginx:1.27-alpine", port: 80, env: {}, healthPath: "/", volumePath: "/usr/share/nginx/html",
  },
];

// Built by scripts/build-test-images.ts from Debian's static busybox; `npm run dev` and the tests seed it.
export const demoStack: NewStack = {
  slug: "demo", name: "Demo web server", kind: "static", sortOrder: 0,
  description: "A tiny web server for trying Berth locally: busybox httpd serving /srv/www.",
  image: "berth-test/http:latest", port: 8080, env: {}, healthPath: "/healthz", volumePath: "/srv/www",
};
